/// Running averages of the named loss terms over one epoch, as upstream's meters (simple
/// means over iterations: every student batch has the same size).
public struct LossMeter: Sendable, Equatable {
    public private(set) var totals: [String: Double] = [:]
    public private(set) var count = 0
    /// Term names in first-seen order, for stable columns.
    public private(set) var names: [String] = []

    public init() {}

    public mutating func add(_ terms: [String: Double]) {
        for name in terms.keys.sorted() where totals[name] == nil { names.append(name) }
        for (name, value) in terms { totals[name, default: 0] += value }
        count += 1
    }

    /// The mean of each term so far (0 before the first step).
    public var averages: [String: Double] {
        totals.mapValues { count > 0 ? $0 / Double(count) : 0 }
    }

    public func average(_ name: String) -> Double { averages[name] ?? 0 }
}

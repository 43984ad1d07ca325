import Foundation

/// Every loss term per step and per epoch, with learning rate and accuracy: what the shell
/// tabulates and plots, and what the run folder's `losses.jsonl` holds line by line.
public struct LossHistory: Sendable, Equatable, Codable {
    /// One optimisation step.
    public struct Record: Sendable, Equatable, Codable {
        public var epoch: Int
        /// 1-based step within the whole run.
        public var step: Int
        public var learningRate: Double
        /// `loss`, `loss_ce`, `loss_triplet`, `loss_kd`, `acc`, … as logged.
        public var terms: [String: Double]

        public init(epoch: Int, step: Int, learningRate: Double, terms: [String: Double]) {
            self.epoch = epoch
            self.step = step
            self.learningRate = learningRate
            self.terms = terms
        }
    }

    public private(set) var steps: [Record] = []
    public private(set) var epochs: [Record] = []

    public init() {}

    public mutating func appendStep(_ record: Record) { steps.append(record) }
    public mutating func appendEpoch(_ record: Record) { epochs.append(record) }

    /// Term names in a stable order: the total first, then the rest alphabetically.
    public var termNames: [String] {
        let names = Set(steps.flatMap(\.terms.keys) + epochs.flatMap(\.terms.keys))
        return names.sorted { ($0 == "loss" ? "" : $0) < ($1 == "loss" ? "" : $1) }
    }

    /// The values of one term over the steps.
    public func series(_ name: String, perEpoch: Bool = false) -> [Double] {
        (perEpoch ? epochs : steps).map { $0.terms[name] ?? .nan }
    }

    /// A JSON line for one record (keys sorted, so files diff cleanly).
    public static func jsonLine(_ record: Record, kind: String) -> String {
        var object: [String: Any] = [
            "kind": kind, "epoch": record.epoch, "step": record.step, "lr": record.learningRate,
        ]
        for (name, value) in record.terms { object[name] = value.isFinite ? value : String(value) }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

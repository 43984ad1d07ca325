import Foundation

/// A one-line progress display for an epoch: bar, step count, rate, ETA and the running loss
/// terms (`TrainingReporter` redraws it in place on a terminal).
public struct ProgressBar: Sendable {
    /// Steps in the epoch.
    public let total: Int
    /// Text before the bar (`epoch 2/16`).
    public let label: String
    private let start: Date
    private let width = 24

    /// A display for `total` steps, timed from `start`.
    public init(total: Int, label: String, start: Date = Date()) {
        self.total = max(total, 1)
        self.label = label
        self.start = start
    }

    /// The line for `done` steps with the given running averages.
    public func line(done: Int, terms: [(String, Double)], now: Date = Date()) -> String {
        let fraction = Double(min(done, total)) / Double(total)
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let losses = terms.map { "\($0.0) \(String(format: "%.3f", $0.1))" }.joined(separator: "  ")
        return
            "\(label) \(bar) \(done)/\(total)  \(String(format: "%.2f", rate)) it/s  ETA \(Self.clock(eta))  \(losses)"
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600
            ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String(format: "%02d:%02d", s / 60, s % 60)
    }
}

import Foundation

/// A one-line progress display for an epoch: bar, step count, rate, ETA and the running loss
/// terms. On a terminal it redraws in place; otherwise it prints nothing until `finish`,
/// so that logs stay free of control characters.
public struct ProgressBar: Sendable {
    public let total: Int
    public let label: String
    public let isTerminal: Bool
    private let start: Date
    private let width = 24

    public init(total: Int, label: String, isTerminal: Bool = isatty(STDOUT_FILENO) != 0, start: Date = Date()) {
        self.total = max(total, 1)
        self.label = label
        self.isTerminal = isTerminal
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
        return "\(label) \(bar) \(done)/\(total)  \(String(format: "%.2f", rate)) it/s  ETA \(Self.clock(eta))  \(losses)"
    }

    /// Redraws the line in place on a terminal.
    public func draw(done: Int, terms: [(String, Double)]) {
        guard isTerminal else { return }
        FileHandle.standardOutput.write(Data(("\r\u{1B}[2K" + line(done: done, terms: terms)).utf8))
    }

    /// Ends the display: clears the in-place line on a terminal.
    public func finish() {
        guard isTerminal else { return }
        FileHandle.standardOutput.write(Data("\r\u{1B}[2K".utf8))
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%02d:%02d", s / 60, s % 60)
    }
}

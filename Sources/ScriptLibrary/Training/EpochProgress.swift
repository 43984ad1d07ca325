import Foundation
import ScriptLanguage
import Training

/// Progress of `run.epoch()` and `run.until(...)` for front ends that show output while a call
/// runs (the interpreter's `showProgress`, set by a notebook kernel): the first step, then at
/// most one line every half second, and the epoch's last step. A terminal shows none.
enum EpochProgress {
    static let interval: TimeInterval = 0.5

    /// Runs `body` with the run's pause condition wrapped to report each step first.
    static func reporting<T>(_ run: TrainingRun, _ interpreter: Interpreter, _ body: () throws -> T)
        rethrows -> T
    {
        guard let show = interpreter.showProgress else { return try body() }
        let condition = run.pauseCondition
        defer { run.pauseCondition = condition }
        var bar = ProgressBar(
            total: run.stepsPerEpoch, label: "epoch \(run.epoch)", isTerminal: false)
        var shown = Date.distantPast
        run.pauseCondition = { run, terms in
            if bar.label != "epoch \(run.epoch)" {
                bar = ProgressBar(
                    total: run.stepsPerEpoch, label: "epoch \(run.epoch)", isTerminal: false)
            }
            let now = Date()
            if run.stepInEpoch <= 1 || run.stepInEpoch >= run.stepsPerEpoch
                || now.timeIntervalSince(shown) >= interval
            {
                shown = now
                show(
                    bar.line(
                        done: run.stepInEpoch,
                        terms: terms.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, now: now
                    ))
            }
            return condition?(run, terms) ?? false
        }
        return try body()
    }
}

import Foundation
import Training

/// Progress of `run.epoch()` and `run.until(...)` for front ends that show output while a call
/// runs (the interpreter's `showProgress`, set by a notebook kernel): the first step, then at
/// most one line every half second, and the epoch's last step. It observes the run as the
/// terminal's progress line (`TrainingReporter.progressOnly()`) does; `RunValue.showingProgress`
/// attaches one or the other.
final class EpochProgress: TrainingObserver {
    static let interval: TimeInterval = 0.5

    private let show: (String) -> Void
    private var bar: ProgressBar?
    private var barEpoch = 0
    private var shown = Date.distantPast

    /// Progress lines through `show`, each a whole line to display in place of the last.
    init(show: @escaping (String) -> Void) {
        self.show = show
    }

    /// Shows the step's line when it is the epoch's first or last, or half a second passed.
    func runDidStep(_ run: TrainingRun, terms: [String: Double]) {
        if bar == nil || barEpoch != run.epoch {
            bar = ProgressBar(total: run.stepsPerEpoch, label: "epoch \(run.epoch)", start: run.epochStart)
            barEpoch = run.epoch
        }
        guard let bar else { return }
        let now = Date()
        guard
            run.stepInEpoch <= 1 || run.stepInEpoch >= run.stepsPerEpoch
                || now.timeIntervalSince(shown) >= Self.interval
        else { return }
        shown = now
        show(
            bar.line(
                done: run.stepInEpoch, terms: terms.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                now: now))
    }
}

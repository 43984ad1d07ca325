import Evaluation

/// Told what a run does as it happens (a terminal reporter, a notebook's progress line). Every
/// method has an empty default, so an observer implements only what it shows.
public protocol TrainingObserver: AnyObject {
    /// A step finished with these terms (`loss`, `loss_ce`, …, `acc`).
    func runDidStep(_ run: TrainingRun, terms: [String: Double])
    /// An epoch closed with upstream's log line.
    func runDidFinishEpoch(_ run: TrainingRun, line: EpochLogLine)
    /// The evaluation at a checkpoint epoch finished.
    func runDidEvaluate(_ run: TrainingRun, result: EvaluationResult)
}

extension TrainingObserver {
    /// Does nothing.
    public func runDidStep(_ run: TrainingRun, terms: [String: Double]) {}
    /// Does nothing.
    public func runDidFinishEpoch(_ run: TrainingRun, line: EpochLogLine) {}
    /// Does nothing.
    public func runDidEvaluate(_ run: TrainingRun, result: EvaluationResult) {}
}

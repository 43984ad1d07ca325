import Foundation
import Testing

@testable import Training

/// A run asked to train past `SOLVER.MAX_EPOCHS` says so instead of stepping on at the final rate.
@Suite struct LastEpochTests {
    @Test func stepsAndEpochsPastTheLastAreRefusedWithTheKey() throws {
        let run = try TrainingRun(config: Fixture.config([]), writeFolder: false)
        let past = TrainingError.pastLastEpoch(maxEpochs: 1, requested: nil)
        #expect(throws: TrainingError.pastLastEpoch(maxEpochs: 1, requested: 2)) {
            try run.run(untilEpoch: 2)
        }
        #expect(run.history.steps.isEmpty)
        #expect(try run.run(untilEpoch: 1))
        let steps = run.history.steps.count
        #expect(throws: past) { try run.step() }
        #expect(throws: past) { try run.runEpoch() }
        #expect(run.history.steps.count == steps && run.epoch == 2)
        #expect("\(past)".contains("SOLVER.MAX_EPOCHS"))
    }
}

import Foundation
import Testing
@testable import Training

/// A run asked to train past `SOLVER.MAX_EPOCHS` says so instead of stepping on at the final rate.
@Suite struct LastEpochTests {
    @Test func stepsAndEpochsPastTheLastAreRefusedWithTheKey() throws {
        let run = try TrainingRun(config: Fixture.config([]), writeFolder: false)
        #expect(throws: TrainingError.pastLastEpoch(maxEpochs: 1, requested: 2)) { try run.run(untilEpoch: 2) }
        #expect(run.history.steps.isEmpty)
        #expect(try run.run(untilEpoch: 1))
        let steps = run.history.steps.count
        #expect(throws: TrainingError.pastLastEpoch(maxEpochs: 1, requested: nil)) { try run.step() }
        #expect(throws: TrainingError.pastLastEpoch(maxEpochs: 1, requested: nil)) { try run.runEpoch() }
        #expect(run.history.steps.count == steps && run.epoch == 2)
        #expect("\(TrainingError.pastLastEpoch(maxEpochs: 1, requested: nil))".contains("SOLVER.MAX_EPOCHS"))
    }
}

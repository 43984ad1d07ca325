import Foundation
import Testing

@testable import Training

@Suite struct InterruptTests {
    // `requestInterrupt()` takes the path of Ctrl-C (InterruptFlag, set by the SIGINT handler)
    // without the process-wide flag, which concurrently running tests would also see.
    @Test func interruptStopsAtAStepBoundaryWithAResumableCheckpoint() throws {
        let settings = ["SOLVER.MAX_EPOCHS", "2", "SOLVER.CHECKPOINT_PERIOD", "2", "SOLVER.LR_WARMUP_FACTOR", "0.5"]
        let straight = try TrainingRun(
            config: Fixture.config(settings + ["OUTPUT_DIR.EXPERIMENT_NAME", "uninterrupted"]))
        straight.evaluatesAtCheckpoints = false
        #expect(try straight.run(untilEpoch: 2))

        let first = try TrainingRun(config: Fixture.config(settings + ["OUTPUT_DIR.EXPERIMENT_NAME", "interrupted"]))
        first.evaluatesAtCheckpoints = false
        first.pauseCondition = { run, _ in
            if run.epoch == 1, run.stepInEpoch == 1 { run.requestInterrupt() }
            return false
        }
        #expect(try first.run(untilEpoch: 2) == false)
        #expect(first.epoch == 1 && first.stepInEpoch == 1)
        #expect(first.pauseReason?.contains("interrupted at epoch 1, step 1") == true)

        let folder = try #require(first.folder).url
        let resumed = try TrainingRun.resume(folder: folder)
        resumed.evaluatesAtCheckpoints = false
        #expect(resumed.epoch == 1 && resumed.stepInEpoch == 1)
        #expect(try resumed.run(untilEpoch: 2))
        #expect(resumed.history.steps.map(\.terms) == straight.history.steps.map(\.terms))
        #expect(resumed.history.epochs.map(\.terms) == straight.history.epochs.map(\.terms))
        #expect(
            resumed.student.stateEntries().map { $0.value.scalars }
                == straight.student.stateEntries().map { $0.value.scalars })
    }
}

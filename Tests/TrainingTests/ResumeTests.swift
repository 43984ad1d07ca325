import Foundation
import Testing

@testable import Training

@Suite struct ResumeTests {
    // Also the weights round trip: the resumed student is loaded from last.safetensors.
    @Test func resumingAfterAnEpochMatchesAnUninterruptedRun() throws {
        let settings = ["SOLVER.MAX_EPOCHS", "2", "SOLVER.CHECKPOINT_PERIOD", "2", "SOLVER.LR_WARMUP_FACTOR", "0.5"]
        let straight = try TrainingRun(config: Fixture.config(settings + ["OUTPUT_DIR.EXPERIMENT_NAME", "straight"]))
        straight.evaluatesAtCheckpoints = false
        #expect(try straight.run(untilEpoch: 2))

        let first = try TrainingRun(config: Fixture.config(settings + ["OUTPUT_DIR.EXPERIMENT_NAME", "resumed"]))
        first.evaluatesAtCheckpoints = false
        #expect(try first.run(untilEpoch: 1))
        let folder = try #require(first.folder).url
        let resumed = try TrainingRun.resume(folder: folder)
        resumed.evaluatesAtCheckpoints = false
        #expect(resumed.epoch == 2)
        #expect(resumed.stepInEpoch == 0)
        #expect(resumed.history == first.history)
        #expect(try resumed.run(untilEpoch: 2))

        #expect(resumed.history.steps.map(\.terms) == straight.history.steps.map(\.terms))
        #expect(
            resumed.student.stateEntries().map { $0.value.scalars }
                == straight.student.stateEntries().map { $0.value.scalars })
        let log = try String(contentsOf: folder.appendingPathComponent("train_log.txt"), encoding: .utf8)
        #expect(log.contains("Epoch[1]") && log.contains("Epoch[2]"))
    }

    @Test func resumingAFolderWithoutStateNamesTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("airs-empty-\(UUID().uuidString)")
        #expect {
            _ = try TrainingRun.resume(folder: folder)
        } throws: { error in
            "\(error)".contains(TrainingRun.resumeFileName)
        }
    }
}

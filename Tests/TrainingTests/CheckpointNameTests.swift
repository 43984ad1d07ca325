import Checkpoints
import Foundation
import Testing

@testable import Training

/// `saveCheckpoint()` names the file, and fills its metadata, after the last completed step.
@Suite struct CheckpointNameTests {
    @Test func savingAfterOneOfTwoEpochsNamesTheCompletedEpoch() throws {
        let run = try TrainingRun(
            config: Fixture.config([
                "OUTPUT_DIR.EXPERIMENT_NAME", "checkpoint-name-\(UUID().uuidString)",
                "SOLVER.MAX_EPOCHS", "2", "SOLVER.CHECKPOINT_PERIOD", "2",
            ]))
        defer { run.folder.map { try? FileManager.default.removeItem(at: $0.url) } }
        #expect(try run.run(untilEpoch: 1))
        let steps = try #require(run.history.epochs.last?.step)
        let closed = try #require(try run.saveCheckpoint())
        #expect(closed.lastPathComponent == "NONE_1.safetensors")
        let metadata = try SafeTensorsFormat.read(from: closed).metadata
        #expect(
            metadata["epoch"] == "1" && metadata["step"] == "\(steps)"
                && metadata["epoch_complete"] == "true", "\(metadata)")

        try run.step()
        let partial = try #require(try run.saveCheckpoint())
        #expect(partial.lastPathComponent == "NONE_2_step1.safetensors")
        let partialMetadata = try SafeTensorsFormat.read(from: partial).metadata
        #expect(
            partialMetadata["epoch"] == "2" && partialMetadata["step"] == "1"
                && partialMetadata["epoch_complete"] == "false", "\(partialMetadata)")
    }
}

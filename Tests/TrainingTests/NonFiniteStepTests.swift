import Foundation
import TensorEngine
import Testing

@testable import Training

@Suite struct NonFiniteStepTests {
    static func nanBatch(like images: Tensor) throws -> Tensor {
        try Tensor(shape: images.shape, scalars: [Float](repeating: .nan, count: images.count))
    }

    // Default (SOLVER.SKIP_NONFINITE_STEPS False): the run stops at the first non-finite step.
    @Test func nonFiniteLossStopsNamingEpochStepAndTermAndKeepsTheLastGoodCheckpoint() throws {
        let run = try TrainingRun(
            config: Fixture.config(["SOLVER.MAX_EPOCHS", "2", "OUTPUT_DIR.EXPERIMENT_NAME", "nan-stop"]))
        run.evaluatesAtCheckpoints = false
        #expect(try run.run(untilEpoch: 1))
        let folder = try #require(run.folder).url
        let resumeFile = folder.appendingPathComponent(TrainingRun.resumeFileName)
        let goodState = try Data(contentsOf: resumeFile)
        let parameter = try #require(run.student.namedParameters().first?.parameter)
        try parameter.assign(Self.nanBatch(like: parameter.value))
        let weights = run.student.namedParameters().dropFirst().map { $0.parameter.value.scalars }

        #expect(try run.run(untilEpoch: 2) == false)
        let reason = try #require(run.pauseReason)
        #expect(reason.contains("epoch 2, step 1"), "\(reason)")
        #expect(reason.contains("loss term loss_"), "\(reason)")
        #expect(reason.contains("SOLVER.SKIP_NONFINITE_STEPS"), "\(reason)")
        #expect(try Data(contentsOf: resumeFile) == goodState)
        #expect(run.student.namedParameters().dropFirst().map { $0.parameter.value.scalars } == weights)
        #expect(run.skippedSteps == 0)
    }

    @Test func skipOptionCountsNonFiniteStepsAndReportsThem() throws {
        let run = try TrainingRun(
            config: Fixture.config(["SOLVER.SKIP_NONFINITE_STEPS", "True", "OUTPUT_DIR.EXPERIMENT_NAME", "nan-skip"]))
        let batch = try #require(try run.studentLoader.epoch(0).next())
        let state = run.student.stateEntries().map { $0.value.scalars }
        for _ in 0..<2 { try run.optimise(images: Self.nanBatch(like: batch.images), labels: batch.pids) }
        #expect(run.skippedSteps == 2)
        #expect(run.pauseReason == nil)
        // No optimizer step, and the BatchNorm running statistics are restored.
        #expect(run.student.stateEntries().map { $0.value.scalars } == state)

        #expect(try run.run(untilEpoch: 1))
        let folder = try #require(run.folder).url
        let results =
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("results.json")))
            as? [String: Double]
        #expect(results?["skipped_steps"] == 2)
        let log = try String(contentsOf: folder.appendingPathComponent("train_log.txt"), encoding: .utf8)
        #expect(log.contains("skipped step: the loss term loss_"))
        #expect(log.contains("Epoch[1] skipped 2 non-finite steps"))
        #expect(try run.endReport().contains("skipped non-finite steps: 2"))
    }
}

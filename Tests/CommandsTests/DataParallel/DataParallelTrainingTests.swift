import Foundation
import TestSupport
import Testing

/// `airs train` alone and as two ranks under `mpirun` on the same config: the run of two ranks
/// must be the single-process run (issue #17): 20 steps (4 epochs of 5) with every loss term
/// within 1e-4 relative, and the final mAP within 0.5 points. D3 (top-k of the teacher's
/// similarities) and RKD (distances and angles over the whole batch) distil from the random
/// ResNet18 teacher at 32 px. The cases, and each case's two runs, run at the same time.
///
/// Every run sets `EXPERIMENT.REPRODUCIBLE`: the weight gradients are summed over the batch in
/// Double, so their rounding no longer depends on how the batch is split. Without it float
/// rounding alone set the runs apart within a few steps, and a discrete choice amplified it:
/// measured (7 Dec, the Vanilla config with 12 steps an epoch) one process on 2 threads against
/// 1 thread, and two ranks against one process, agreed to 2e-6 for 4 steps and then departed
/// by 4e-4, 8e-3 and 0.2 by steps 5, 9 and 11 (batch-hard mining meeting near-ties); RKD by
/// 8e-4 at step 3, and D3's mAP by 3 points.
@Suite struct DataParallelTrainingTests {
    /// The steps compared, the 20: 4 epochs of 5.
    static let comparedSteps = 20
    static let epochs = 4

    @Test(arguments: ["Vanilla", "D3", "RKD"])
    func twoRanksTrainTheSingleProcessRun(method: String) async throws {
        let (config, settings) = try await Self.config(method)
        async let single = DataParallelRuns.train(
            config, name: "\(method)-1", ranks: nil, epochs: Self.epochs, settings)
        async let parallel = DataParallelRuns.train(
            config, name: "\(method)-2", ranks: 2, epochs: Self.epochs, settings)
        let (one, two) = (try await single, try await parallel)

        let (alone, ranks) = (DataParallelRuns.steps(one), DataParallelRuns.steps(two))
        try #require(
            alone.count == Self.comparedSteps && ranks.count == alone.count,
            "steps: \(alone.count) alone, \(ranks.count) on two ranks")
        DataParallelRuns.expectSameSteps(alone, ranks, "alone, and on two ranks")
        let (a, b) = (try Self.mAP(one), try Self.mAP(two))
        #expect(abs(a - b) * 100 <= 0.5, "mAP \(a) alone, \(b) on two ranks")
    }

    /// The config of `method` under `Configs/Synthetic`, and the settings the comparison adds.
    static func config(_ method: String) async throws -> (String, [String]) {
        let reproducible = ["EXPERIMENT.REPRODUCIBLE", "True"]
        guard method != "Vanilla" else { return ("Vanilla/Vanilla_MobileNetV3_Small_32x32.yaml", reproducible) }
        let teacher = [
            "DISTILLER.TEACHER_MODEL_PATH", try await DataParallelRuns.teacher.value().path,
            "INPUT.TEACHER_SIZE_TRAIN", "[32, 32]", "INPUT.TEACHER_SIZE_TEST", "[32, 32]", "INPUT.TEACHER_PADDING", "1",
            "D3.TOPK", "4",
        ]
        return ("ResNet18_64x64_MobileNetV3_32x32/\(method).yaml", reproducible + teacher)
    }

    /// The mAP of `folder`'s `results.json`.
    static func mAP(_ folder: URL) throws -> Double {
        let data = try Data(contentsOf: folder.appendingPathComponent("results.json"))
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(results["mAP"] as? Double)
    }
}

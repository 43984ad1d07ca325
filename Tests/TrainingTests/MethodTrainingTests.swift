import Datasets
import Foundation
import Testing
@testable import Training

/// Two epochs of Vanilla and of every method on a tiny procedural set (MobileNetV3-Small at
/// 32 px): the epoch-mean total loss must fall.
@Suite struct MethodTrainingTests {
    /// 4 training classes of 16 images: eight steps an epoch, so the epoch mean is not at the
    /// mercy of one batch's composition (two steps an epoch made most methods rise).
    static let root: URL? = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("airs-methods-\(UUID().uuidString)")
        do {
            try SyntheticDataset.write(to: root.appendingPathComponent("CUB_200_2011"), classes: 8, perClass: 16, size: 32, seed: 11)
            return root
        } catch {
            return nil
        }
    }()

    @Test(arguments: ["NONE", "VanillaKD", "FitNet", "PKT", "RKD", "CC", "CSD", "RAML", "ROP", "D3", "UGD"])
    func twoEpochsLowerTheLoss(method: String) throws {
        let root = try #require(Self.root)
        // No flips, crops or erasing: both epochs see the same 64 images, so only the
        // weights (and the batch composition) differ between the two means.
        var overrides = [
            "DATASETS.ROOT_DIR", root.path, "SOLVER.MAX_EPOCHS", "2", "SOLVER.CHECKPOINT_PERIOD", "2",
            "INPUT.PROB", "0.0", "INPUT.RE_PROB", "0.0", "INPUT.STUDENT_PADDING", "0", "INPUT.TEACHER_PADDING", "0",
            "SOLVER.BASE_LR", "0.005", "D3.TOPK", "4", "CSD.TOPK", "8", "ROP.TOPK", "8",
        ]
        if method != "NONE" {
            let teacher = try #require(TeacherFixture.teacher)
            overrides += ["DISTILLER.TYPE", method, "SOLVER.TRAINER", "kd", "DISTILLER.TEACHER_MODEL_PATH", teacher.path]
        }
        let run = try TrainingRun(config: Fixture.config(overrides), writeFolder: false)
        #expect(try run.run(untilEpoch: 2))
        let losses = run.history.series("loss", perEpoch: true)
        try #require(losses.count == 2)
        #expect(losses.allSatisfy { $0.isFinite })
        #expect(losses[1] < losses[0], "\(method): epoch means \(losses)")
    }
}

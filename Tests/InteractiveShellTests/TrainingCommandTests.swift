import Foundation
import Testing

/// `airs train`, `airs test` and `airs resume` as a user runs them, output piped.
@Suite struct TrainingCommandTests {
    static let config = """
        DATASETS: {NAMES: CUB200, ROOT_DIR: data}
        DISTILLER: {STUDENT_NAME: MobileNetV3_Small, TEACHER_NAME: MobileNetV3_Small, STUDENT_PRETRAIN_CHOICE: False}
        INPUT: {STUDENT_SIZE_TRAIN: [32, 32], STUDENT_SIZE_TEST: [32, 32], TEACHER_SIZE_TRAIN: [32, 32],
                TEACHER_SIZE_TEST: [32, 32], STUDENT_PADDING: 2, TEACHER_PADDING: 2}
        DATALOADER: {NUM_INSTANCE: 2, NUM_WORKERS: 1}
        SOLVER: {IMS_PER_BATCH: 8, IMS_DISTILLATION_PER_BATCH: 8, MAX_EPOCHS: 2, CHECKPOINT_PERIOD: 1,
                 LR_WARMUP_FACTOR: 1.0, BASE_LR: 0.02}
        TEST: {IMS_PER_BATCH: 16}
        OUTPUT_DIR: {ROOT_PATH: out, EXPERIMENT_NAME: run}

        """

    static func synthetic(_ folder: URL, name: String, classes: Int) throws {
        let made = try AirsProcess.run(
            [
                "dataset", "make-synthetic", "--out", "\(name)/CUB_200_2011", "--classes", "\(classes)",
                "--per-class", "4", "--size", "32", "--seed", "7",
            ], in: folder)
        #expect(made.status == 0, "\(made.error)")
    }

    @Test func trainPrintsEpochLinesAsTheyHappenAndTheFinalTableThenTestLoadsAnotherClassCount() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.config.write(to: folder.appendingPathComponent("cfg.yaml"), atomically: true, encoding: .utf8)
        try Self.synthetic(folder, name: "data", classes: 8)
        let train = try AirsProcess.run(["train", "--cfg", "cfg.yaml"], in: folder)
        #expect(train.status == 0, "\(train.error)")
        let lines = train.output.split(separator: "\n").map(String.init)
        for prefix in ["Epoch[1] Loss: ", "Evaluation after epoch 1: mAP ", "Epoch[2] Loss: ", "run folder: "] {
            #expect(lines.contains { $0.hasPrefix(prefix) }, "\(prefix) in\n\(train.output)")
        }
        #expect(lines.contains { $0.split(separator: " ") == ["mAP", "mINP", "R1", "R5", "R10"] }, "\(train.output)")
        #expect(!train.output.contains("\r"))

        // Six training classes where the student was trained on four.
        try Self.synthetic(folder, name: "other", classes: 12)
        let test = try AirsProcess.run(
            [
                "test", "--cfg", "cfg.yaml", "--weights", "out/run/NONE_2.safetensors",
                "DATASETS.ROOT_DIR", "other",
            ], in: folder)
        #expect(test.status == 0, "\(test.error)")
        #expect(
            test.output.contains("not loaded: student.") && test.output.contains("classifier")
                && test.output.contains("retrieval evaluation does not use it"), "\(test.output)")
        #expect(test.output.contains("mINP"), "\(test.output)")

        let again = try AirsProcess.run(["resume", "out/run"], in: folder)
        #expect(
            again.output.contains("resuming") && again.output.contains("run folder: "), "\(again.output)\(again.error)")
    }
}

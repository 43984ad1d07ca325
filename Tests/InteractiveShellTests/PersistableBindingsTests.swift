import Foundation
import Testing
@testable import InteractiveShell

/// Script lines that write a procedural dataset into `root` and define `cfg`: MobileNetV3_Small
/// at 32x32 in batches of 8 (two images of four identities), three epochs.
func tinyTrainingSetup(root: URL, classes: Int = 8, perClass: Int = 4) -> [String] {
    ["root = \"\(root.path)\"",
     "synthetic(root + \"/CUB_200_2011\", classes: \(classes), per_class: \(perClass), size: 32, seed: 7)",
     "cfg = config(nil, [\"DATASETS.NAMES\", \"CUB200\", \"DATASETS.ROOT_DIR\", root, \"OUTPUT_DIR.ROOT_PATH\", root + \"/out\", "
        + "\"DISTILLER.STUDENT_NAME\", \"MobileNetV3_Small\", \"INPUT.STUDENT_SIZE_TRAIN\", \"[32, 32]\", "
        + "\"INPUT.STUDENT_SIZE_TEST\", \"[32, 32]\", \"INPUT.STUDENT_PADDING\", \"2\", \"SOLVER.IMS_PER_BATCH\", \"8\", "
        + "\"DATALOADER.NUM_INSTANCE\", \"2\", \"DATALOADER.NUM_WORKERS\", \"1\", \"SOLVER.MAX_EPOCHS\", \"3\", "
        + "\"SOLVER.LR_WARMUP_FACTOR\", \"1.0\", \"SOLVER.BASE_LR\", \"0.01\"])"]
}

@Test func modelsAndRunsAreSavedAsCheckpointsAndRestored() throws {
    let h = ShellHarness()
    for line in tinyTrainingSetup(root: h.folder.appendingPathComponent("data")) { #expect(!h.run(line).contains("error")) }
    _ = h.run("m = model(\"MobileNetV3_Small\", classes: 5, last_stride: 2).train()")
    _ = h.run("x = randn([2, 3, 32, 32], seed: 3)")
    _ = h.run("y = m.eval().forward(x).retrieval")
    _ = h.run("m.train()")
    _ = h.run("run = train(cfg, folder: false)")
    _ = h.run("run.step(1)")
    _ = h.run("run.pause_when(\"loss_ce > 100\")")
    #expect(h.run(":save st").contains("saved session 'st'"))
    let objects = h.folder.appendingPathComponent("st/objects")
    #expect(FileManager.default.fileExists(atPath: objects.appendingPathComponent("m.safetensors").path))
    #expect(FileManager.default.fileExists(atPath: objects.appendingPathComponent("run.safetensors").path))
    _ = h.run("straight = run.step(3)")

    let other = ShellHarness(folder: h.folder)
    #expect(other.run(":load st").contains("loaded session 'st'"))
    #expect(value(other.run("m.training")) == "true")
    #expect(value(other.run("abs(m.eval().forward(x).retrieval - y).max()")) == "0")
    #expect(value(other.run("[summary(m, 64).parameters, summary(m, 64).macs] == [summary(model(\"MobileNetV3_Small\", classes: 5, last_stride: 2), 64).parameters, summary(model(\"MobileNetV3_Small\", classes: 5, last_stride: 2), 64).macs]")) == "true")
    #expect(value(other.run("[run.current_epoch, run.step_in_epoch]")) == "[1, 1]")
    #expect(value(other.run("run.step(3)")) == value(h.run("straight")))
    #expect(value(other.run("run.losses[\"loss\"]")) == value(h.run("run.losses[\"loss\"]")))
    #expect(value(other.run("run.losses.epochs")) == value(h.run("run.losses.epochs")))
}

/// What follows `Out[n]: ` in a cell's output.
func value(_ output: String) -> String {
    guard let range = output.range(of: "]: ") else { return output }
    return String(output[range.upperBound...])
}

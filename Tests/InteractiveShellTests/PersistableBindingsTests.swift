import Foundation
import ScriptLibrary
import Testing

@testable import InteractiveShell

/// Script lines that write a procedural dataset into `root` and define `cfg`: MobileNetV3_Small
/// at 32x32 in batches of 8 (two images of four identities), three epochs.
func tinyTrainingSetup(root: URL, classes: Int = 8, perClass: Int = 4) -> [String] {
    [
        "root = \"\(root.path)\"",
        "synthetic(root + \"/CUB_200_2011\", classes: \(classes), per_class: \(perClass), size: 32, seed: 7)",
        "cfg = config(nil, [\"DATASETS.NAMES\", \"CUB200\", \"DATASETS.ROOT_DIR\", root, \"OUTPUT_DIR.ROOT_PATH\", root + \"/out\", "
            + "\"DISTILLER.STUDENT_NAME\", \"MobileNetV3_Small\", \"DISTILLER.STUDENT_PRETRAIN_CHOICE\", \"False\", "
            + "\"INPUT.STUDENT_SIZE_TRAIN\", \"[32, 32]\", "
            + "\"INPUT.STUDENT_SIZE_TEST\", \"[32, 32]\", \"INPUT.STUDENT_PADDING\", \"2\", \"SOLVER.IMS_PER_BATCH\", \"8\", "
            + "\"DATALOADER.NUM_INSTANCE\", \"2\", \"DATALOADER.NUM_WORKERS\", \"1\", \"SOLVER.MAX_EPOCHS\", \"3\", "
            + "\"SOLVER.LR_WARMUP_FACTOR\", \"1.0\", \"SOLVER.BASE_LR\", \"0.01\"])",
    ]
}

@Test func modelsAndRunsAreSavedAsCheckpointsAndRestored() throws {
    let h = ShellHarness()
    for line in tinyTrainingSetup(root: h.folder.appendingPathComponent("data")) {
        #expect(!h.run(line).contains("error"))
    }
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
    #expect(
        value(
            other.run(
                "[summary(m, 64).parameters, summary(m, 64).macs] == [summary(model(\"MobileNetV3_Small\", classes: 5, last_stride: 2), 64).parameters, summary(model(\"MobileNetV3_Small\", classes: 5, last_stride: 2), 64).macs]"
            )) == "true")
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

/// A shell with a procedural dataset, a seeded network, gallery and query embeddings `g`, `q`
/// and their evaluation `r`, saved as session `e`.
func embeddingsSession() -> ShellHarness {
    let h = ShellHarness()
    let data = h.folder.appendingPathComponent("data").path
    for line in [
        "synthetic(\"\(data)/CUB_200_2011\", classes: 6, per_class: 4, size: 32, seed: 2)",
        "data = dataset(\"CUB200\", \"\(data)\", size: 32)", "net = model(\"MobileNetV3_Small\", classes: 3, seed: 1)",
        "g = embed(net, data)", "q = embed(net, data, split: \"query\")", "r = evaluate(q, g)", ":save e",
    ] {
        let output = h.run(line)
        #expect(!output.contains("error"), "\(line): \(output)")
    }
    return h
}

@Test func embeddingsAndResultsAreSavedAndRestoredBitExactly() throws {
    let h = embeddingsSession()
    let objects = h.folder.appendingPathComponent("e/objects")
    for name in ["g", "q", "r"] {
        #expect(
            FileManager.default.fileExists(atPath: objects.appendingPathComponent("\(name).safetensors").path),
            "\(name)")
    }
    let notebook = try String(contentsOf: h.folder.appendingPathComponent("e/notebook.md"), encoding: .utf8)
    #expect(!notebook.contains("`g` (Embeddings)") && !notebook.contains("`r` (Result)"), "listed as not saved")

    let other = ShellHarness(folder: h.folder)
    let loaded = other.run(":load e")
    #expect(
        loaded.contains("loaded session 'e'") && !loaded.contains("note: 'g'") && !loaded.contains("note: 'r'"),
        "\(loaded)")
    for name in ["g", "q"] {
        guard case .host(let saved as EmbeddingsValue) = h.shell.interpreter.global(name),
            case .host(let restored as EmbeddingsValue) = other.shell.interpreter.global(name)
        else {
            Issue.record("'\(name)' is not Embeddings after :load")
            continue
        }
        #expect(restored.features.shape == saved.features.shape)
        #expect(restored.features.scalars.map(\.bitPattern) == saved.features.scalars.map(\.bitPattern))
        #expect(restored.records == saved.records && restored.origin == saved.origin)
    }
    guard case .host(let saved as ResultValue) = h.shell.interpreter.global("r"),
        case .host(let restored as ResultValue) = other.shell.interpreter.global("r")
    else {
        Issue.record("'r' is not a Result after :load")
        return
    }
    #expect(restored.result == saved.result && restored.query == saved.query && restored.gallery == saved.gallery)
    for line in [
        "r", "worst_queries(r, 3)", "neighbors(g, 0, 3)", "evaluate(q, g).mAP == r.mAP", "g.labels", "q.paths",
    ] {
        #expect(value(other.run(line)) == value(h.run(line)), "\(line)")
    }
    let strip = h.folder.appendingPathComponent("strip.png").path
    #expect(other.run("ranked(r, query: 0, k: 3, to: \"\(strip)\")").contains(strip))
}

@Test func damagedEmbeddingsFileIsNamedAndTheShellGoesOn() throws {
    let h = embeddingsSession()
    let folder = h.folder.appendingPathComponent("e")
    let file = folder.appendingPathComponent("objects/g.safetensors")
    let bytes = try Data(contentsOf: file)
    try bytes.prefix(bytes.count / 2).write(to: file)

    // The manifest catches the change: nothing is loaded, the shell keeps its state.
    let other = ShellHarness(folder: h.folder)
    _ = other.run("a = 5")
    let refused = other.run(":load e")
    #expect(refused.contains(file.path) && refused.contains("the session was not loaded"), "\(refused)")
    #expect(value(other.run("a + 1")) == "6")

    // With the manifest rewritten to match, the rest loads and the note names the damaged file.
    try SessionManifest.write(for: folder)
    let loaded = other.run(":load e")
    #expect(
        loaded.contains("loaded session 'e'") && loaded.contains("note: 'g' (embeddings) was not restored"), "\(loaded)"
    )
    #expect(loaded.contains(file.path) && loaded.contains("truncated"), "\(loaded)")
    #expect(value(other.run("len(q) + r.valid_queries")) == value(h.run("len(q) + r.valid_queries")))
    #expect(other.run("g").contains("error"))
}

@Test func aRestoredResultKeepsItsEmbeddingsForPictures() throws {
    let h = embeddingsSession()
    let other = ShellHarness(folder: h.folder)
    #expect(!other.run(":load e").contains("note:"))
    #expect(value(other.run("abs(r.query.features - q.features).max()")) == "0")
    #expect(value(other.run("abs(r.gallery.features - g.features).max()")) == "0")
    #expect(value(other.run("r.gallery.origin == g.origin")) == "true")
    let picture = h.folder.appendingPathComponent("r.png").path
    #expect(other.run("project(r, to: \"\(picture)\")").hasPrefix("Out["))
}

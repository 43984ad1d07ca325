import Foundation
import ScriptLanguage
import Testing

@testable import InteractiveShell

/// Variables of every host type: a run (with its networks), a model and its outputs, a dataset
/// and a split, embeddings and their evaluation, a tensor, a config and a section of it, a
/// run's losses, a summary and a checkpoint report.
private func everyHostType(_ h: ShellHarness) {
    let root = h.folder.appendingPathComponent("data")
    for line in tinyTrainingSetup(root: root) + [
        "run = train(cfg, folder: false)", "student = run.student", "losses = run.losses",
        "data = dataset(\"CUB200\", root, size: 32)", "split = data.train",
        "out = student(randn([2, 3, 32, 32], seed: 1))",
        "g = embed(student, data)", "q = embed(student, data, split: \"query\")",
        "r = evaluate(q, g)",
        "t = tensor([1, 2])", "solver = cfg.SOLVER", "s = summary(student, 32)",
        "path = student.save(root + \"/w.safetensors\")", "report = inspect(path)",
    ] {
        let output = h.run(line)
        #expect(!output.contains("error"), "\(line): \(output)")
    }
}

@Test func helpListsExactlyWhatTabCompletesForEveryHostObject() throws {
    let h = ShellHarness()
    everyHostType(h)
    let interpreter = h.shell.interpreter
    let completer = Completer(interpreter: interpreter)
    var types: Set<String> = []
    for name in interpreter.variableNames {
        guard case .host(let object)? = interpreter.global(name) else { continue }
        types.insert(object.typeName)
        let tab = completer.candidates(line: "\(name).", word: "\(name).").map {
            String($0.dropFirst(name.count + 1))
        }
        let help = h.run("help(\(name))").split(separator: "\n").filter { $0.hasPrefix("  .") }.map { line in
            String(line.dropFirst(3).prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        }
        #expect(tab == help.sorted(), "\(name) (\(object.typeName)): Tab \(tab), help \(help)")
        #expect(!tab.isEmpty, "\(name) has members")
    }
    let expected: Set<String> = [
        "Run", "Model", "Losses", "Dataset", "DatasetSplit", "Outputs", "Embeddings", "Result",
        "Tensor", "Config", "ConfigSection", "ModelSummary", "CheckpointReport",
    ]
    #expect(types == expected)
}

@Test func aRunHasItsNetworksAndPicturesTakeRunsAndResults() throws {
    let h = ShellHarness()
    everyHostType(h)
    #expect(value(h.run("type(run.student)")).contains("Model"))
    #expect(value(h.run("run.model.parameters == run.student.parameters")) == "true")
    #expect(value(h.run("run.teacher == nil")) == "true", "a Vanilla run has no teacher")
    for line in [
        "t = train(cfg)", "t.step(1)", "p = t.save()", "cfg.DISTILLER.TYPE = \"FitNet\"",
        "cfg.DISTILLER.TEACHER_MODEL_PATH = p",
        "cfg.DISTILLER.TEACHER_NAME = \"MobileNetV3_Small\"",
        "cfg.INPUT.TEACHER_SIZE_TRAIN = [32, 32]", "cfg.INPUT.TEACHER_SIZE_TEST = [32, 32]",
        "cfg.SOLVER.IMS_DISTILLATION_PER_BATCH = 8", "kd = distill(cfg, folder: false)",
    ] {
        let output = h.run(line)
        #expect(!output.contains("error"), "\(line): \(output)")
    }
    #expect(value(h.run("kd.teacher.weights == p and not kd.teacher.training")) == "true")
    #expect(h.run("kd.teacher").contains("M parameters"))
    _ = h.run("kd2 = distill(cfg, folder: false)")
    let saved = h.run(":save teachers")
    #expect(
        saved.contains(
            "  teacher: 'kd', 'kd2' read their teacher from \(value(h.run("p")).dropFirst().dropLast()) when loaded"
        ),
        "\(saved)")
    #expect(value(h.run("type(r.query)")).contains("Embeddings"))
    let pictures = h.folder.appendingPathComponent("pictures").path
    for call in [
        "project(r, to: \"\(pictures)/r.png\")", "project(run, to: \"\(pictures)/run.png\")",
        "ranked(run, query: 0, k: 3, to: \"\(pictures)/ranked.png\")", "len(worst_queries(run, 2))",
    ] {
        let output = h.run(call)
        #expect(output.hasPrefix("Out["), "\(call): \(output)")
    }
    #expect(h.run("project(r, [1, 2], to: \"x.png\")").contains("takes its labels from its images"))
    #expect(
        h.run("project(42, to: \"x.png\")").contains(
            "Embeddings, a Result, a Run or an [N, D] tensor"))
}

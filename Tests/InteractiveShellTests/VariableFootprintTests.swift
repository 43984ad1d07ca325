import Foundation
import Testing

@testable import InteractiveShell

@Test func varsShowsParameterCountsAndBytesOfRunsModelsEmbeddingsAndResults() throws {
    let h = ShellHarness()
    for line in tinyTrainingSetup(root: h.folder.appendingPathComponent("data")) + [
        "run = train(cfg, folder: false)", "net = run.student",
        "data = dataset(\"CUB200\", root, size: 32)",
        "g = embed(net, data)", "r = evaluate(g, g)",
    ] {
        let output = h.run(line)
        #expect(!output.contains("error"), "\(line): \(output)")
    }
    let parameters = value(h.run("net.parameters"))
    let millions = String(format: "%.3f", (Double(parameters) ?? 0) / 1e6)
    let rows = h.run(":vars").split(separator: "\n").map(String.init)
    let row = { (name: String) in rows.first { $0.hasPrefix(name + " ") } ?? "" }
    #expect(row("run").contains("student \(millions) M parameters"), "\(rows)")
    #expect(row("net").contains("\(millions) M parameters"), "\(rows)")
    #expect(row("g").contains(value(h.run("g.shape"))), "\(rows)")
    // Float32 parameters and buffers: at least four bytes a parameter, shown in MiB.
    #expect(row("r").contains("\(value(h.run("len(g)"))) queries x"), "\(rows)")
    for name in ["run", "net", "g", "r"] {
        #expect(!row(name).hasSuffix(" -") && row(name).contains("iB"), "\(name): \(row(name))")
    }
}

@Test func theReprTheSummaryAndTheTrainLogGiveTheSameLabelledCount() throws {
    let h = ShellHarness()
    for line in tinyTrainingSetup(root: h.folder.appendingPathComponent("data")) + [
        "run = train(cfg)", "run.epoch()",
    ] {
        let output = h.run(line)
        #expect(!output.contains("error"), "\(line): \(output)")
    }
    let repr = h.run("run.student")
    guard
        let range = repr.range(
            of: #"[0-9.]+ M parameters, [0-9.]+ M without the classifier"#,
            options: .regularExpression)
    else {
        Issue.record("the repr labels no count: \(repr)")
        return
    }
    let count = String(repr[range])
    #expect(h.run("summary(run.student, 32)").contains(count))
    let folder = value(h.run("run.folder")).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    let log = try String(contentsOfFile: folder + "/train_log.txt", encoding: .utf8)
    #expect(log.contains(count), "\(count) not in the log: \(log)")
}

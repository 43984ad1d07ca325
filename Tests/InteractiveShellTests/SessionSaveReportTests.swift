import Foundation
import Testing

@testable import InteractiveShell

/// `:save` says the session's size, lists what it could not save, stores an object several
/// variables hold once (a Model that is a run's network with the run), and saves datasets and
/// reports so that `:load` gives them back.
@Test func saveReportsSizeSharingAndWhatItCouldNotSave() throws {
    let h = ShellHarness()
    for line in tinyTrainingSetup(root: h.folder.appendingPathComponent("data")) + [
        "run = train(cfg, folder: false)", "run.step(1)", "alias = run", "m = run.student",
        "data = dataset(\"CUB200\", root, size: 32)",
        "report = inspect(m.save(root + \"/m.safetensors\"))",
        "def f(x):\n    return x\n",
    ] {
        let output = h.run(line)
        #expect(!output.contains("error"), "\(line): \(output)")
    }
    let said = h.run(":save s")
    let session = h.folder.appendingPathComponent("s")
    #expect(
        said.contains(
            "saved session 's' to \(session.path) (\(VariableSummary.bytes(SessionStore.size(of: session))) on disk)"
        ),
        "\(said)")
    #expect(said.contains("  shared: 'alias' is 'run', stored once"), "\(said)")
    #expect(said.contains("  shared: 'm' is run.student, stored with the run"), "\(said)")
    #expect(said.contains("  not saved: 'f' (function): script functions are not saved"), "\(said)")
    let objects = try FileManager.default.contentsOfDirectory(
        atPath: session.appendingPathComponent("objects").path)
    #expect(
        Set(objects) == ["run.safetensors", "data.safetensors", "report.json", "cfg.yaml"],
        "\(objects)")

    let other = ShellHarness(folder: h.folder)
    let loaded = other.run(":load s")
    #expect(
        !loaded.contains("'data'") && !loaded.contains("'report'") && !loaded.contains("'m'"),
        "\(loaded)")
    #expect(value(other.run("report")) == value(h.run("report")))
    #expect(value(other.run("type(report)")) == value(h.run("type(report)")))
    #expect(
        value(other.run("[data.classes, data.train_size, data.query_size, data.gallery_size]"))
            == value(h.run("[data.classes, data.train_size, data.query_size, data.gallery_size]")))
    #expect(value(other.run("data.train[3][1] == \(value(h.run("data.train[3][1]")))")) == "true")
    _ = other.run("alias.step(1)")
    #expect(value(other.run("run.step_in_epoch")) == "2", "alias and run are one run again")
    _ = other.run("m.eval()")
    #expect(value(other.run("run.student.training")) == "false", "m is the run's student again")
}

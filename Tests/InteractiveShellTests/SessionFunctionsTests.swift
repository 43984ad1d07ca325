import Foundation
import Testing

@Test func aScriptSavesItsSessionWithSaveSession() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let script = folder.appendingPathComponent("s.airs")
    try "rates = [0.1, 0.2]\nprint(\"trained\")\nsave_session(\"from-script\")\nsave_session(\"../escape\")\n"
        .write(to: script, atomically: true, encoding: .utf8)
    let outcome = try AirsProcess.run(["run", script.path], in: folder)
    #expect(outcome.status == 1)
    #expect(outcome.error.contains("../escape"))
    let session = folder.appendingPathComponent("Sessions/from-script")
    let json = try String(contentsOf: session.appendingPathComponent("session.json"), encoding: .utf8)
    #expect(json.contains("rates") && json.contains("trained"))
    #expect(FileManager.default.fileExists(atPath: session.appendingPathComponent("notebook.md").path))

    let shell = ShellHarness(folder: folder.appendingPathComponent("Sessions"))
    #expect(shell.run(":load from-script").contains("loaded session 'from-script'"))
    #expect(value(shell.run("rates")) == "[0.1, 0.2]")
}

import Foundation
import Testing

/// A fresh folder for one test's files.
func scratchFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("airs-cmd-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

@Test func runPrintsEachCellsValueAndPassesArguments() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let script = "#!/usr/bin/env airs\nx = 2\nx * 21\n# %% second\nprint(\"args\", ARGS)\nx = 1\n# %%\n[x]\n"
    try script.write(to: folder.appendingPathComponent("cells.airs"), atomically: true, encoding: .utf8)
    let outcome = try AirsProcess.run(["run", "cells.airs", "a", "b"], in: folder)
    #expect(outcome.status == 0)
    #expect(outcome.output == "42\nargs [\"a\", \"b\"]\n[1]\n")
    #expect(outcome.error == "")
    let direct = try AirsProcess.run(["cells.airs"], in: folder)
    #expect(direct.output.hasPrefix("42\n"))
}

@Test func runStopsAtAnErrorWithExitCodeOneAndACaret() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "print(\"before\")\n# %%\ny = 1\ny = y / (y - 1)\n".write(
        to: folder.appendingPathComponent("bad.airs"), atomically: true, encoding: .utf8)
    let outcome = try AirsProcess.run(["run", "bad.airs"], in: folder)
    #expect(outcome.status == 1)
    #expect(outcome.output == "before\n")
    #expect(outcome.error.contains("error[divisionByZero]"))
    #expect(outcome.error.contains(" --> bad.airs:4:"))
    #expect(outcome.error.contains("4 | y = y / (y - 1)\n  |     ^"))
    try "print(\"never\")\n# %%\nz = undefined_thing\n".write(
        to: folder.appendingPathComponent("unresolved.airs"), atomically: true, encoding: .utf8)
    let unresolved = try AirsProcess.run(["run", "unresolved.airs"], in: folder)
    #expect(unresolved.status == 1 && unresolved.output == "")
    #expect(unresolved.error.contains("3 | z = undefined_thing\n  |     ^^^^^^^^^^^^^^^"))
    let missing = try AirsProcess.run(["run", "nothere.airs"], in: folder)
    #expect(missing.status == 2)
    #expect(missing.error.contains("cannot read 'nothere.airs': no such file"))
}

@Test func checkParsesAndResolvesWithoutRunning() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "print(\"ran\")\n".write(to: folder.appendingPathComponent("ok.airs"), atomically: true, encoding: .utf8)
    try "if x\n  y\n".write(to: folder.appendingPathComponent("broken.airs"), atomically: true, encoding: .utf8)
    let ok = try AirsProcess.run(["check", "ok.airs"], in: folder)
    #expect(ok.status == 0 && ok.output == "" && ok.error == "")
    let broken = try AirsProcess.run(["check", "broken.airs"], in: folder)
    #expect(broken.status == 1)
    #expect(broken.error.contains("error[parse]") && broken.error.contains("broken.airs:1:"))
}

@Test func dashCAndStandardInputRunAsScripts() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let code = try AirsProcess.run(["-c", "print(len(ARGS)); 6 * 7", "x"], in: folder)
    #expect(code.status == 0 && code.output == "1\n42\n")
    let nilOnly = try AirsProcess.run(["-c", "nil"], in: folder)
    #expect(nilOnly.status == 0 && nilOnly.output == "")
    let piped = try AirsProcess.run([], in: folder, input: "s = 0\nfor i in range(4):\n    s += i\ns\n")
    #expect(piped.status == 0 && piped.output == "6\n")
    let pipedError = try AirsProcess.run([], in: folder, input: "1 / 0\n")
    #expect(pipedError.status == 1 && pipedError.error.contains("<stdin>:1:"))
    let bad = try AirsProcess.run(["--nonsense"], in: folder)
    #expect(bad.status == 2 && bad.error.contains("Unknown option '--nonsense'"))
}

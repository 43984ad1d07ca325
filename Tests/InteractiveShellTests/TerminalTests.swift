import Foundation
import Testing

/// The environment that keeps a terminal test's history and sessions inside `folder`.
func shellEnvironment(_ folder: URL) -> [String: String] {
    [
        "AIRS_HISTORY": folder.appendingPathComponent("history").path,
        "AIRS_SESSIONS_DIR": folder.appendingPathComponent("Sessions").path, "TERM": "xterm",
    ]
}

@Test func typingCompletionHistoryAndErrorsOnATerminal() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let terminal = try TerminalSession(in: folder, environment: shellEnvironment(folder))
    #expect(terminal.expect("In [1]: ") != nil)
    terminal.type("distance_km = 40\r")
    #expect(terminal.expect("In [2]: ") != nil)
    terminal.type("distance_km + 2\r")
    #expect(terminal.expect("Out[2]: 42") != nil)
    terminal.type("dista\t * 2\r")
    #expect(terminal.expect("Out[3]: 80") != nil)
    terminal.type("distance_km = distance_km + missing\r")
    #expect(terminal.expect("error[name]: unknown name 'missing'") != nil)
    // Three steps back: past the failing line and the completed one, to `distance_km + 2`.
    terminal.type("\u{1B}[A\u{1B}[A\u{1B}[A\r")
    #expect(terminal.expect("Out[5]: 42") != nil)
    terminal.type("for i in range(2):\r")
    #expect(terminal.expect("...: ") != nil)
    terminal.type("    distance_km += 1\r\r")
    #expect(terminal.expect("In [7]: ") != nil)
    terminal.type("distance_km\r")
    #expect(terminal.expect("Out[7]: 42") != nil)
    terminal.type(":quit\r")
    #expect(terminal.waitForExit() == 0)
    let history = try String(contentsOf: folder.appendingPathComponent("history"), encoding: .utf8)
    // libedit stores spaces as `\040`.
    #expect(history.replacingOccurrences(of: "\\040", with: " ").contains("distance_km + 2"))
}

@Test func interruptStopsALongInputAndTheShellGoesOn() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let terminal = try TerminalSession(in: folder, environment: shellEnvironment(folder))
    #expect(terminal.expect("In [1]: ") != nil)
    terminal.type("n = 5\r")
    #expect(terminal.expect("In [2]: ") != nil)
    terminal.type("while true: n = n + 1\r\r")
    Thread.sleep(forTimeInterval: 0.5)
    terminal.process.interrupt()
    #expect(terminal.expect("interrupted (Ctrl-C)") != nil)
    terminal.type("n\r")
    #expect(terminal.expect("Out[3]: 5") != nil)
    #expect(terminal.expect("In [4]: ") != nil)
    terminal.endOfInput()
    #expect(terminal.waitForExit() == 0)
}

@Test func saveThenSessionInANewProcessRestoresValues() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try TerminalSession(in: folder, environment: shellEnvironment(folder))
    // Each key goes in at a prompt: a Ctrl-D typed while the terminal is still in cooked mode
    // is swallowed when libedit switches it to raw mode.
    #expect(first.expect("In [1]: ") != nil)
    first.type("rates = [0.1, 0.05]\r")
    #expect(first.expect("In [2]: ") != nil)
    first.type("rates[0] * 10\r")
    #expect(first.expect("Out[2]: 1") != nil)
    #expect(first.expect("In [3]: ") != nil)
    first.type(":save lab\r")
    #expect(first.expect("saved session 'lab'") != nil)
    #expect(first.expect("In [3]: ") != nil)
    first.endOfInput()
    #expect(first.waitForExit() == 0)
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("Sessions/lab/notebook.md").path))

    let second = try TerminalSession(
        arguments: ["--session", "lab"], in: folder, environment: shellEnvironment(folder))
    #expect(second.expect("loaded session 'lab'") != nil)
    #expect(second.expect("In [3]: ") != nil)
    second.type("rates[1] + _2\r")
    #expect(second.expect("Out[3]: 1.05") != nil)
    second.type(":quit\r")
    #expect(second.waitForExit() == 0)
}

/// Types each line of `lines` at its prompt, waiting for the next prompt (`In [n]: `) after each.
private func typeCells(_ lines: [String], into terminal: TerminalSession, timeout: Double = 180) {
    for line in lines {
        terminal.type(line + "\r")
        #expect(terminal.expect("In [", timeout: timeout) != nil, "no prompt after \(line)")
    }
}

/// The text printed between `LOSSES` and `END`.
private func printedLosses(_ terminal: TerminalSession) -> String? {
    guard let seen = terminal.expect("] END", timeout: 180), let start = seen.range(of: "LOSSES ", options: .backwards)
    else { return nil }
    return String(seen[start.upperBound...].dropLast(" END".count))
}

@Test func aRunSavedInASessionContinuesWithIdenticalLossesInANewProcess() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try TerminalSession(in: folder, environment: shellEnvironment(folder))
    #expect(first.expect("In [1]: ") != nil)
    typeCells(
        tinyTrainingSetup(root: folder.appendingPathComponent("data")) + [
            "run = train(cfg, folder: false)", "run.step(1)",
            ":save lab", "run.step(4)",
        ], into: first)
    first.type("l = run.losses[\"loss\"]\r")
    #expect(first.expect("In [") != nil)
    first.type("print(\"LOSSES {l} END\")\r")
    let straight = printedLosses(first)
    #expect(first.expect("In [") != nil)
    // A second name, so that the autosave on leaving does not overwrite 'lab'.
    first.type(":save straight\r")
    #expect(first.expect("saved session 'straight'", timeout: 60) != nil)
    first.type(":quit\r")
    #expect(first.waitForExit(timeout: 30) == 0)

    let second = try TerminalSession(
        arguments: ["--session", "lab"], in: folder, environment: shellEnvironment(folder))
    #expect(second.expect("loaded session 'lab'", timeout: 120) != nil)
    #expect(second.expect("In [", timeout: 60) != nil)
    typeCells(["run.step(4)", "l = run.losses[\"loss\"]"], into: second)
    second.type("print(\"LOSSES {l} END\")\r")
    let resumed = printedLosses(second)
    #expect(straight != nil && (straight?.split(separator: ",").count ?? 0) == 5)
    #expect(resumed == straight)
    second.type(":quit\r")
    #expect(second.waitForExit(timeout: 30) == 0)
}

@Test func interruptDuringARunsEpochReturnsToThePromptWithTheRunResumable() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let terminal = try TerminalSession(in: folder, environment: shellEnvironment(folder))
    #expect(terminal.expect("In [1]: ") != nil)
    // 16 identities of 8 images, two images each of four identities a batch: several steps.
    typeCells(
        tinyTrainingSetup(root: folder.appendingPathComponent("data"), classes: 16, perClass: 8)
            + ["run = train(cfg, folder: false)", "run.step()"], into: terminal)
    terminal.type("run.epoch()\r")
    Thread.sleep(forTimeInterval: 1.5)
    terminal.process.interrupt()
    let said = terminal.expect("; run.epoch() continues", timeout: 120)
    #expect(said?.contains("interrupted at epoch 1, step ") == true, "\(said ?? "nothing")")
    let counted = said?.range(of: #"step [0-9]+/[0-9]+; run"#, options: .regularExpression)
    #expect(counted != nil, "the step is shown out of the epoch's steps")
    #expect(terminal.expect("In [", timeout: 120) != nil)
    terminal.type("[run.current_epoch, run.step_in_epoch > 1, run.step_in_epoch < run.steps_per_epoch, run.paused]\r")
    #expect(terminal.expect("[1, true, true, \"interrupted at epoch 1, step ", timeout: 60) != nil)
    #expect(terminal.expect("In [") != nil)
    terminal.type("run.epoch()\r")
    #expect(terminal.expect("In [", timeout: 300) != nil)
    terminal.type("[run.current_epoch, run.step_in_epoch, len(run.losses.epochs), run.paused]\r")
    #expect(terminal.expect("[2, 0, 1, nil]", timeout: 60) != nil)
    terminal.type(":quit\r")
    #expect(terminal.waitForExit(timeout: 30) == 0)
}

@Test func interruptDuringAScriptsEpochSaysWhereItStoppedAndEndsTheScript() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let script =
        tinyTrainingSetup(root: folder.appendingPathComponent("data"), classes: 16, perClass: 8)
        + ["run = train(cfg)", "print(\"TRAINING\")", "run.epoch()", "print(\"AFTER\")"]
    try script.joined(separator: "\n").write(
        to: folder.appendingPathComponent("t.airs"), atomically: true, encoding: .utf8)
    let terminal = try TerminalSession(
        arguments: ["run", "t.airs"], in: folder, environment: shellEnvironment(folder))
    #expect(terminal.expect("TRAINING", timeout: 120) != nil)
    Thread.sleep(forTimeInterval: 1.5)
    terminal.process.interrupt()
    let said = terminal.expect("airs resume ", timeout: 120)
    #expect(said?.contains("interrupted at epoch 1, step ") == true, "\(said ?? "nothing")")
    #expect(said?.contains("; run.epoch() continues") == true, "\(said ?? "nothing")")
    #expect(terminal.waitForExit(timeout: 60) == 1)
    #expect(terminal.expect("AFTER", timeout: 1) == nil)
}

@Test func leavingSavesToADateNamedSessionOrTheOpenOne() throws {
    let folder = try scratchFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let sessions = folder.appendingPathComponent("Sessions")
    let first = try TerminalSession(in: folder, environment: shellEnvironment(folder))
    #expect(first.expect("In [1]: ") != nil)
    first.type("kept = 7\r")
    #expect(first.expect("In [2]: ") != nil)
    first.endOfInput()
    #expect(first.expect("session saved to ") != nil)
    #expect(first.waitForExit() == 0)
    let names = try FileManager.default.contentsOfDirectory(atPath: sessions.path)
    #expect(names.count == 1)
    let dated = try #require(names.first)
    #expect(dated.range(of: #"^\d{4}-\d{2}-\d{2}_\d{6}$"#, options: .regularExpression) != nil, "\(dated)")

    let second = try TerminalSession(
        arguments: ["--session", dated], in: folder, environment: shellEnvironment(folder))
    #expect(second.expect("In [2]: ") != nil)
    second.type("kept = kept + 1\r")
    #expect(second.expect("In [3]: ") != nil)
    second.type(":quit\r")
    #expect(second.expect("session saved to \(sessions.appendingPathComponent(dated).path)") != nil)
    #expect(second.waitForExit() == 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: sessions.path) == [dated])
    let saved = try String(contentsOf: sessions.appendingPathComponent("\(dated)/session.json"), encoding: .utf8)
    #expect(saved.contains("kept = kept + 1"))
}

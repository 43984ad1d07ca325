import Foundation
import Testing

/// The environment that keeps a terminal test's history and sessions inside `folder`.
func shellEnvironment(_ folder: URL) -> [String: String] {
    ["AIRS_HISTORY": folder.appendingPathComponent("history").path,
     "AIRS_SESSIONS_DIR": folder.appendingPathComponent("Sessions").path, "TERM": "xterm"]
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

    let second = try TerminalSession(arguments: ["--session", "lab"], in: folder, environment: shellEnvironment(folder))
    #expect(second.expect("loaded session 'lab'") != nil)
    #expect(second.expect("In [3]: ") != nil)
    second.type("rates[1] + _2\r")
    #expect(second.expect("Out[3]: 1.05") != nil)
    second.type(":quit\r")
    #expect(second.waitForExit() == 0)
}

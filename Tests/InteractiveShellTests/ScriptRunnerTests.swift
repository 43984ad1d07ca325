import Foundation
@testable import InteractiveShell
import Testing

/// Collects what a runner writes.
final class Captured {
    var out: [String] = []
    var err: [String] = []

    var runner: ScriptRunner {
        ScriptRunner(output: { self.out.append($0) }, errorOutput: { self.err.append($0) })
    }
}

private func temporaryScript(_ text: String, name: String = "script.airs") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("airs-shell-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Test func runPrintsTheValueOfEachCellEndingInAnExpression() throws {
    let path = try temporaryScript("""
        #!/usr/bin/env airs
        x = 20
        print("start")
        # %% second
        x + 1
        # %% third
        y = x * 2
        # %% fourth
        "done {y}"
        """)
    let captured = Captured()
    let code = ShellEntry.run(["run", path], runner: captured.runner, standardInput: .nullDevice, isTerminal: false)
    #expect(code == 0)
    #expect(captured.out == ["start", "21", "\"done 40\""])
    #expect(captured.err.isEmpty)
}

@Test func argumentsAfterTheScriptBecomeARGS() throws {
    let path = try temporaryScript("print(ARGS)\nlen(ARGS)")
    let captured = Captured()
    let code = ShellEntry.run([path, "a", "b"], runner: captured.runner, standardInput: .nullDevice, isTerminal: false)
    #expect(code == 0)
    #expect(captured.out == ["[\"a\", \"b\"]", "2"])
}

@Test func aRuntimeErrorExitsOneWithLineAndCaret() throws {
    let path = try temporaryScript("x = 1\n# %%\ny = x + nope\nprint(\"never\")\n", name: "broken.airs")
    let captured = Captured()
    let code = ShellEntry.run(["run", path], runner: captured.runner, standardInput: .nullDevice, isTerminal: false)
    #expect(code == 1)
    #expect(captured.out.isEmpty)
    let message = try #require(captured.err.first)
    #expect(message.contains("broken.airs:3"))
    #expect(message.contains("nope"))
    #expect(message.contains("^"))
}

@Test func checkReportsParseErrorsWithoutRunning() throws {
    let good = try temporaryScript("print(\"side effect\")\n")
    let bad = try temporaryScript("def f(:\n    pass\n", name: "bad.airs")
    let captured = Captured()
    #expect(ShellEntry.run(["check", good], runner: captured.runner, standardInput: .nullDevice, isTerminal: false) == 0)
    #expect(!captured.out.contains("side effect"))
    #expect(ShellEntry.run(["check", bad], runner: captured.runner, standardInput: .nullDevice, isTerminal: false) == 1)
    let message = try #require(captured.err.first)
    #expect(message.contains("bad.airs:1"))
}

@Test func dashCRunsCodeWithArguments() {
    let captured = Captured()
    let code = ShellEntry.run(["-c", "len(ARGS) * 10", "x"], runner: captured.runner, standardInput: .nullDevice,
                              isTerminal: false)
    #expect(code == 0)
    #expect(captured.out == ["10"])
    let failing = Captured()
    #expect(ShellEntry.run(["-c", "1 / 0"], runner: failing.runner, standardInput: .nullDevice, isTerminal: false) == 1)
    #expect(failing.err.first?.contains("<-c>:1") == true)
}

@Test func missingFileAndBadOptionAreReported() {
    let captured = Captured()
    #expect(ShellEntry.run(["run", "/nonexistent/x.airs"], runner: captured.runner, standardInput: .nullDevice,
                           isTerminal: false) == 1)
    #expect(captured.err.first?.contains("/nonexistent/x.airs") == true)
    #expect(ShellEntry.run(["-z"], runner: captured.runner, standardInput: .nullDevice, isTerminal: false) == 2)
    #expect(captured.err.last?.contains("-z") == true)
}

@Test func standardInputIsReadAsAScriptWhenNotATerminal() throws {
    let path = try temporaryScript("a = 6\na * 7\n", name: "piped.airs")
    let handle = try #require(FileHandle(forReadingAtPath: path))
    let captured = Captured()
    #expect(ShellEntry.run([], runner: captured.runner, standardInput: handle, isTerminal: false) == 0)
    #expect(captured.out == ["42"])
}

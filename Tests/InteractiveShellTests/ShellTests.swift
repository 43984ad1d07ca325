import Foundation
import ScriptLanguage
import Testing

@testable import InteractiveShell

/// A shell writing into a buffer, with its own sessions folder.
final class ShellHarness {
    var lines: [String] = []
    let folder: URL
    let shell: Shell

    init(folder: URL = FileManager.default.temporaryDirectory.appendingPathComponent("airs-shell-\(UUID().uuidString)"))
    {
        self.folder = folder
        shell = Shell(sessionsFolder: folder)
        shell.write = { [unowned self] in self.lines.append($0) }
    }

    func run(_ input: String) -> String {
        lines = []
        shell.handle(input)
        return lines.joined(separator: "\n")
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

@Test func expressionShowsNumberedOutputAndUnderscoreNames() {
    let h = ShellHarness()
    #expect(h.run("x = 20") == "")
    #expect(h.run("x + 1") == "Out[2]: 21")
    #expect(h.run("_ * 2") == "Out[3]: 42")
    #expect(h.run("_2 + _3") == "Out[4]: 63")
    #expect(h.shell.prompt == "In [5]: ")
}

@Test func errorPrintsDiagnosticAndKeepsState() {
    let h = ShellHarness()
    _ = h.run("xs = [1, 2]")
    let out = h.run("xs.append(3)\nxs = nope + 1")
    #expect(out.contains("error[name]: unknown name 'nope'"))
    #expect(out.contains("^^^^"))
    #expect(h.run("xs") == "Out[3]: [1, 2]")
    #expect(h.shell.cells[1].failed)
}

@Test func metaCommandsVarsTimeHistoryResetHelp() {
    let h = ShellHarness()
    _ = h.run("name = \"abc\"")
    _ = h.run("ys = [1, 2, 3]")
    let vars = h.run(":vars")
    #expect(vars.contains("name  string  3 chars"))
    #expect(vars.contains("ys    list    3 items"))
    #expect(!vars.contains("ARGS"))
    #expect(h.run(":time 1 + 1").contains("time: "))
    #expect(h.run(":history").contains("2: ys = [1, 2, 3]"))
    #expect(h.run(":help len").contains("len("))
    #expect(h.run(":help :save").contains("Sessions/NAME"))
    #expect(h.run(":hepl").contains("did you mean ':help'"))
    #expect(h.run(":reset") == "state cleared")
    #expect(h.run("ys").contains("error[name]"))
}

@Test func runMetaCommandRunsCellsInTheSession() throws {
    let h = ShellHarness()
    try FileManager.default.createDirectory(at: h.folder, withIntermediateDirectories: true)
    let script = h.folder.appendingPathComponent("s.airs")
    try "a = 4\n# %%\na * 2\n".write(to: script, atomically: true, encoding: .utf8)
    #expect(h.run(":run \(script.path)") == "8")
    #expect(h.run("a") == "Out[1]: 4")
    #expect(h.run(":run /no/such.airs").contains("no such file"))
}

@Test func completionOfGlobalsMembersKeywordsMetaCommandsAndPaths() throws {
    let h = ShellHarness()
    _ = h.run("learning_rate = 0.1")
    _ = h.run("cfg = {\"SOLVER\": {\"BASE_LR\": 1}}")
    _ = h.run("def f(epochs, alpha = 2):\n    return epochs\n")
    let completer = Completer(interpreter: h.shell.interpreter)
    #expect(completer.candidates(line: "learn", word: "learn") == ["learning_rate"])
    #expect(completer.candidates(line: "cfg.SOLVER.BA", word: "cfg.SOLVER.BA") == ["cfg.SOLVER.BASE_LR"])
    #expect(completer.candidates(line: "[1].app", word: "[1].app").isEmpty)
    #expect(completer.candidates(line: "f(1, al", word: "al") == ["alpha:"])
    #expect(completer.candidates(line: ":sa", word: ":sa") == [":save"])
    let folder = h.folder.appendingPathComponent("pics")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    #expect(FileManager.default.createFile(atPath: folder.appendingPathComponent("losses.png").path, contents: Data()))
    let prefix = folder.path + "/lo"
    #expect(completer.candidates(line: "plot(x, to: \"\(prefix)", word: prefix) == [folder.path + "/losses.png"])
}

@Test func helpLinesDescribeMetaCommandsGlobalsAndMethodsOfValues() {
    let h = ShellHarness()
    _ = h.run("name = \"airs\"")
    #expect(h.shell.helpLines(":save").first?.hasPrefix(":save NAME") == true)
    #expect(h.shell.helpLines("len").first?.hasPrefix("len(") == true)
    #expect(h.shell.helpLines("name.upper") == ["string.upper()", "  The string in upper case."])
    #expect(h.shell.helpLines("nothing").first?.hasPrefix("No help for 'nothing'") == true)
    #expect(h.run(":help name.upper").contains("The string in upper case."))
}

@Test func aFrontEndCanTakeResultsErrorsAndPicturesAcrossAReset() {
    let h = ShellHarness()
    var results: [String] = []
    var errors: [String] = []
    var pictures: [[UInt8]] = []
    h.shell.showResult = { number, value in results.append("\(number): \(value.repr)") }
    h.shell.showError = { errors.append($0) }
    h.shell.showPicture = { pictures.append($0) }
    #expect(h.run("print(\"hi\")\n1 + 1") == "hi")
    #expect(results == ["1: 2"])
    _ = h.run(":reset")
    #expect(h.run("plot([3, 1, 2])") == "", "a notebook gets the chart, not braille")
    #expect(pictures.count == 1 && pictures[0].starts(with: [0x89, 0x50, 0x4E, 0x47]))
    #expect(h.run("nope").isEmpty && errors.count == 1 && errors[0].contains("nope"))
    #expect(h.shell.cells.last?.failed == true)
}

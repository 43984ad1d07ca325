import Foundation
import ScriptLanguage
import ScriptLibrary
import Testing

@testable import InteractiveShell

@Test func saveWritesANotebookWithStreamsValuesErrorsAndPicturesThatRunsAgain() throws {
    let h = ShellHarness()
    let chart = h.folder.appendingPathComponent("chart.png").path
    _ = h.run("print(\"hello\")\nx = 40\nx + 2")
    _ = h.run("x + nope")
    _ = h.run("plot([3, 2, 1], to: \"\(chart)\")")
    _ = h.run(":save nb")
    let file = h.folder.appendingPathComponent("nb/notebook.ipynb")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
    let notebook = try #require(json as? [String: Any])
    #expect(notebook["nbformat"] as? Int == 4 && notebook["nbformat_minor"] as? Int == 5)
    let cells = try #require(notebook["cells"] as? [[String: Any]])
    #expect(cells.map { $0["id"] as? String } == ["cell-1", "cell-2", "cell-3"])
    let outputs = cells.map { cell in
        (cell["outputs"] as? [[String: Any]] ?? []).map { $0["output_type"] as? String ?? "" }
    }
    #expect(outputs[0] == ["stream", "execute_result"] && outputs[1] == ["error"])
    #expect(outputs[2] == ["execute_result", "display_data"])
    let first = try #require(cells[0]["outputs"] as? [[String: Any]])
    #expect(first[0]["text"] as? String == "hello\n")
    #expect((first[1]["data"] as? [String: String])?["text/plain"] == "42")
    let third = try #require(cells[2]["outputs"] as? [[String: Any]])
    let picture = try #require(third[1]["data"] as? [String: String])
    let png = try #require(Data(base64Encoded: picture["image/png"] ?? ""))
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))

    let script = try ScriptRunner.read(file.path).get()
    #expect(script.hasPrefix("# %% cell 1\nprint(\"hello\")"))
    let interpreter = Interpreter(output: { _ in })
    StandardLibrary.install(in: interpreter)
    let results = interpreter.runCells(source: script, file: file.path)
    // As a script, the unknown name of cell 2 stops the notebook before it runs, naming the file.
    let error = try #require(results.first?.error?.description)
    #expect(results.count == 1 && error.contains("unknown name 'nope'") && error.contains(file.path))
}

@Test func onlyAIRSNotebooksRunAndDamagedOnesAreNamed() throws {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("airs-ipynb-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let python = folder.appendingPathComponent("py.ipynb")
    try #"{"cells": [], "metadata": {"kernelspec": {"language": "python"}}}"#
        .write(to: python, atomically: true, encoding: .utf8)
    let reason = "it is a python notebook, not an AIRS one"
    let notAIRS = ShellError.badNotebook(path: python.path, reason: reason)
    #expect(throws: notAIRS) {
        try ScriptRunner.read(python.path).get()
    }
    let broken = folder.appendingPathComponent("broken.ipynb")
    try "{".write(to: broken, atomically: true, encoding: .utf8)
    #expect { try ScriptRunner.read(broken.path).get() } throws: { "\($0)".contains(broken.path) }
    let lines = folder.appendingPathComponent("lines.ipynb")
    let cells = ##"""
        [{"cell_type": "markdown", "source": "# t"},
         {"cell_type": "code", "source": ["a = 1\n", "a + 1"]}]
        """##
    try #"{"cells": \#(cells)}"#.write(to: lines, atomically: true, encoding: .utf8)
    #expect(try ScriptRunner.read(lines.path).get() == "# %% cell 2\na = 1\na + 1")
    #expect(ScriptRunner.runFile(lines.path, arguments: []) == 0)
}

/// The package root, from this file's path.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

@Test func theDemoNotebookChecksAndHasTheDemoScriptsCells() throws {
    let scripts = packageRoot.appendingPathComponent("Scripts")
    let notebook = scripts.appendingPathComponent("demo.ipynb").path
    let source = try ScriptRunner.read(notebook).get()
    let interpreter = Interpreter(output: { _ in })
    StandardLibrary.install(in: interpreter)
    // `airs run` defines the command-line arguments and `save_session`.
    interpreter.setVariable("ARGS", .list([]))
    interpreter.setVariable("save_session", .nil)
    let errors = interpreter.check(source: source, file: notebook)
    #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")

    let script = try String(contentsOf: scripts.appendingPathComponent("demo.airs"), encoding: .utf8)
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: notebook)))
    let cells = try #require((json as? [String: Any])?["cells"] as? [[String: Any]])
    let code = cells.filter { $0["cell_type"] as? String == "code" }
        .map { ($0["source"] as? [String])?.joined() ?? "" }
    let stale = "Scripts/demo.ipynb differs from demo.airs: run python3 Scripts/make-demo-notebook.py"
    #expect(code.count == script.components(separatedBy: "\n# %%").count - 1, "\(stale)")
    #expect(code.allSatisfy { !$0.isEmpty && script.contains($0) }, "\(stale)")
}

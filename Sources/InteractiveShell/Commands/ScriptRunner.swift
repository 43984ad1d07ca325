import Foundation
import ScriptLanguage
import ScriptLibrary
import Training

/// `airs run`, `airs check`, `airs -c` and scripts on standard input: every cell runs in turn.
/// A script file prints only what it prints; with `echo` (`airs run --echo`, `-c` and standard
/// input, which stand in for the shell) the value of each cell that ends in an expression is
/// printed too, notebook style. The command line (the Commands module) parses the arguments and
/// calls these.
public enum ScriptRunner {
    /// An interpreter with the whole AIRS library and the script's arguments as `ARGS`.
    /// `save_session(name)` saves the script's variables with one notebook cell: the script
    /// and everything it printed so far.
    static func makeInterpreter(arguments: [String], source: String = "") -> Interpreter {
        let printed = PrintedLines()
        let interpreter = Interpreter(output: { line in
            printed.lines.append(line)
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        })
        StandardLibrary.install(in: interpreter)
        SessionFunctions.install(in: interpreter, folder: Shell.defaultSessionsFolder) {
            [NotebookCell(number: 1, input: source, output: printed.lines, failed: false)]
        }
        interpreter.setVariable("ARGS", .list(arguments.map { .string($0) }))
        return interpreter
    }

    /// Runs the script at `path` (`-`: standard input), echoing cell values only with `echo`;
    /// 0 on success, 1 on a script error, 2 on an unreadable file.
    public static func runFile(_ path: String, arguments: [String], echo: Bool = false) -> Int32 {
        if path == "-" { return runStandardInput(arguments: arguments, echo: echo) }
        switch read(path) {
        case .success(let source): return runSource(source, file: path, arguments: arguments, echo: echo)
        case .failure(let error):
            standardError("\(error)")
            return 2
        }
    }

    /// Runs the script read from standard input to its end.
    public static func runStandardInput(arguments: [String], echo: Bool = true) -> Int32 {
        let source = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        return runSource(source, file: "<stdin>", arguments: arguments, echo: echo)
    }

    /// Runs `source` cell by cell, printing each cell's value when `echo` is set; 1 with the
    /// diagnostic on an error.
    public static func runSource(_ source: String, file: String, arguments: [String], echo: Bool = true) -> Int32 {
        let interpreter = makeInterpreter(arguments: arguments, source: source)
        InterruptFlag.installForScripts(interpreter)
        var failed = false
        interpreter.runCells(source: source, file: file) { result in
            if let error = result.error {
                standardError(error.kind == .interrupted ? error.message : error.description)
                failed = true
            } else if echo, let value = result.value {
                interpreter.output(value.repr)
            }
        }
        return failed ? 1 : 0
    }

    /// Parses and resolves the script at `path` without running it.
    public static func checkFile(_ path: String) -> Int32 {
        switch read(path) {
        case .success(let source):
            let errors = makeInterpreter(arguments: []).check(source: source, file: path)
            for error in errors { standardError(error.description) }
            return errors.isEmpty ? 0 : 1
        case .failure(let error):
            standardError("\(error)")
            return 2
        }
    }

    /// The script at `path`; a `.ipynb` notebook's code cells as one script.
    static func read(_ path: String) -> Result<String, ShellError> {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? error.localizedDescription : "no such file"
            return .failure(.unreadableFile(path: path, reason: reason))
        }
        guard NotebookFile.isNotebook(path) else {
            return .success(String(decoding: data, as: UTF8.self))
        }
        return Result { () throws(ShellError) in try NotebookFile.script(from: data, path: path) }
    }
}

/// Writes one line to standard error.
func standardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// What a script printed, for the notebook `save_session` writes.
private final class PrintedLines: @unchecked Sendable {
    var lines: [String] = []
}

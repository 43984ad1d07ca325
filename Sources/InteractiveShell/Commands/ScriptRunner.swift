import Foundation
import ScriptLanguage
import Training
import ScriptLibrary

/// `airs run`, `airs check`, `airs -c` and scripts on standard input: every cell runs in turn and
/// the value of each cell that ends in an expression is printed, notebook style.
enum ScriptRunner {
    /// An interpreter with the whole AIRS library and the script's arguments as `ARGS`.
    static func makeInterpreter(arguments: [String]) -> Interpreter {
        let interpreter = Interpreter(output: { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        })
        StandardLibrary.install(in: interpreter)
        interpreter.setVariable("ARGS", .list(arguments.map { .string($0) }))
        return interpreter
    }

    /// Runs the script at `path`; 0 on success, 1 on a script error, 2 on an unreadable file.
    static func runFile(_ path: String, arguments: [String]) -> Int32 {
        switch read(path) {
        case .success(let source): return runSource(source, file: path, arguments: arguments)
        case .failure(let error):
            standardError("\(error)")
            return 2
        }
    }

    /// Runs `source` cell by cell, printing each cell's value; 1 with the diagnostic on an error.
    static func runSource(_ source: String, file: String, arguments: [String]) -> Int32 {
        let interpreter = makeInterpreter(arguments: arguments)
        InterruptFlag.installForScripts(interpreter)
        var failed = false
        interpreter.runCells(source: source, file: file) { result in
            if let error = result.error {
                standardError(error.description)
                failed = true
            } else if let value = result.value {
                interpreter.output(value.repr)
            }
        }
        return failed ? 1 : 0
    }

    /// Parses and resolves the script at `path` without running it.
    static func checkFile(_ path: String) -> Int32 {
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

    static func read(_ path: String) -> Result<String, ShellError> {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return .success(String(decoding: data, as: UTF8.self))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? error.localizedDescription : "no such file"
            return .failure(.unreadableFile(path: path, reason: reason))
        }
    }
}

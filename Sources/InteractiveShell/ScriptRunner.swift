import Foundation
import ScriptLanguage
import ScriptLibrary

/// Runs `.airs` scripts the way `airs run`, `airs check`, `airs -c` and piped input do: one
/// interpreter with the standard library, `ARGS` set, every cell run in order and the value of a
/// cell that ends in an expression printed notebook-style. Output goes through closures so tests
/// can run it in-process.
public struct ScriptRunner {
    /// Receives each line of normal output (prints and cell values), without its newline.
    public var output: (String) -> Void
    /// Receives each rendered diagnostic.
    public var errorOutput: (String) -> Void

    /// Creates a runner writing to the given sinks (standard output and error by default).
    public init(output: @escaping (String) -> Void = { Swift.print($0) },
                errorOutput: @escaping (String) -> Void = ScriptRunner.printToStandardError) {
        self.output = output
        self.errorOutput = errorOutput
    }

    /// Writes `text` and a newline to standard error, after what standard output holds, so a
    /// diagnostic appears after the cell output that preceded it.
    public static func printToStandardError(_ text: String) {
        fflush(nil)
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// An interpreter with the standard library installed and `ARGS` set to `arguments`.
    public func makeInterpreter(arguments: [String] = []) -> Interpreter {
        let interpreter = Interpreter(output: output)
        StandardLibrary.install(in: interpreter)
        interpreter.setVariable("ARGS", .list(arguments.map { .string($0) }))
        return interpreter
    }

    /// Runs the script at `path`; returns 0, or 1 after reporting the first error.
    public func runFile(_ path: String, arguments: [String] = []) -> Int32 {
        guard let source = readSource(path) else { return 1 }
        return run(source: source, file: path, arguments: arguments)
    }

    /// Runs `source` cell by cell; returns 0, or 1 after reporting the first error.
    public func run(source: String, file: String, arguments: [String] = [],
                    in interpreter: Interpreter? = nil) -> Int32 {
        let interpreter = interpreter ?? makeInterpreter(arguments: arguments)
        var failed = false
        interpreter.runCells(source: Self.strippingShebang(source), file: file) { result in
            if let error = result.error {
                failed = true
                errorOutput(error.description)
            } else if let value = result.value {
                output(value.repr)
            }
        }
        return failed ? 1 : 0
    }

    /// Parses and resolves the script at `path` without running it; returns 0 or 1.
    public func checkFile(_ path: String) -> Int32 {
        guard let source = readSource(path) else { return 1 }
        return check(source: source, file: path)
    }

    /// Parses and resolves `source` with the standard library's names defined; returns 0 or 1.
    public func check(source: String, file: String) -> Int32 {
        let errors = makeInterpreter().check(source: Self.strippingShebang(source), file: file)
        for error in errors { errorOutput(error.description) }
        if errors.isEmpty { output("\(file): ok") }
        return errors.isEmpty ? 0 : 1
    }

    /// A `#!` first line becomes blank, so line numbers in diagnostics stay those of the file.
    static func strippingShebang(_ source: String) -> String {
        guard source.hasPrefix("#!") else { return source }
        guard let newline = source.firstIndex(of: "\n") else { return "" }
        return String(source[newline...])
    }

    private func readSource(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            errorOutput("airs: cannot read '\(path)': no such file or it is not readable")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            errorOutput("airs: '\(path)' is not UTF-8 text")
            return nil
        }
        return text
    }
}

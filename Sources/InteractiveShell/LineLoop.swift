import Foundation
import ScriptLanguage

/// A plain read-eval-print loop: a stand-in until the line-editing shell lands. A line ending
/// in `:` opens a block that a blank line closes; each input is one transaction, so an error
/// leaves the variables as they were.
struct LineLoop {
    let runner: ScriptRunner
    /// The next line without its newline, or nil at end of input.
    var readLine: () -> String? = { Swift.readLine() }
    /// Shows a prompt (`>>> `, or `... ` inside a block).
    var prompt: (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }

    /// Reads and runs inputs until end of input; returns 0.
    func run() -> Int32 {
        let interpreter = runner.makeInterpreter()
        runner.output("AIRS shell: type an expression or statement; help() lists functions; Ctrl-D quits.")
        var pending: [String] = []
        while true {
            prompt(pending.isEmpty ? ">>> " : "... ")
            guard let line = readLine() else { break }
            pending.append(line)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let inBlock = trimmed.hasSuffix(":") || (pending.count > 1 && !trimmed.isEmpty)
            if inBlock { continue }
            evaluate(pending.joined(separator: "\n"), in: interpreter)
            pending = []
        }
        if !pending.isEmpty { evaluate(pending.joined(separator: "\n"), in: interpreter) }
        runner.output("")
        return 0
    }

    private func evaluate(_ source: String, in interpreter: Interpreter) {
        guard !source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        let result = interpreter.run(source: source, file: "<shell>")
        if let error = result.error {
            runner.errorOutput(error.description)
        } else if let value = result.value {
            runner.output(value.repr)
        }
    }
}

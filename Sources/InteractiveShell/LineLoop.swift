import Foundation
import ScriptLanguage

/// A plain read-eval-print loop over standard input: a stand-in until the line-editing shell
/// lands. A line ending in `:` opens a block that a blank line closes.
struct LineLoop {
    let runner: ScriptRunner

    /// Reads and runs inputs until end of file; returns 0.
    func run() -> Int32 {
        let interpreter = runner.makeInterpreter()
        runner.output("AIRS shell — type an expression or statement; Ctrl-D quits.")
        var pending: [String] = []
        while true {
            FileHandle.standardOutput.write(Data((pending.isEmpty ? ">>> " : "... ").utf8))
            guard let line = Swift.readLine() else { break }
            pending.append(line)
            let opensBlock = line.trimmingCharacters(in: .whitespaces).hasSuffix(":")
            if opensBlock || (pending.count > 1 && !line.trimmingCharacters(in: .whitespaces).isEmpty) { continue }
            let source = pending.joined(separator: "\n")
            pending = []
            let result = interpreter.run(source: source, file: "<shell>")
            if let error = result.error {
                runner.errorOutput(error.description)
            } else if let value = result.value {
                runner.output(value.repr)
            }
        }
        runner.output("")
        return 0
    }
}

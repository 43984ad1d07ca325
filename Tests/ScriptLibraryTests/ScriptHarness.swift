import ScriptLanguage
import ScriptLibrary

/// Runs scripts through an interpreter with the standard library installed, collecting output.
final class ScriptHarness {
    let interpreter: Interpreter

    init() {
        let box = OutputBox()
        interpreter = Interpreter(output: { box.lines.append($0) })
        self.box = box
        StandardLibrary.install(in: interpreter)
    }

    private let box: OutputBox

    /// Everything printed so far, one entry per `print`.
    var output: [String] { box.lines }

    /// Runs `source`; returns the final value's printed form, or the error.
    @discardableResult
    func run(_ source: String) -> (value: Value?, error: ScriptError?) {
        let result = interpreter.run(source: source, file: "test.airs")
        return (result.value, result.error)
    }

    /// The printed form of the value of `source`'s final expression, or the error's summary.
    func show(_ source: String) -> String {
        let result = run(source)
        if let error = result.error { return "error[\(error.kind.rawValue)]: \(error.message)" }
        return result.value?.description ?? "nil"
    }
}

private final class OutputBox {
    var lines: [String] = []
}

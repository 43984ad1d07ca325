import Testing

@testable import ScriptLanguage

/// Inputs that once could crash a tree-walking interpreter must end in a diagnostic instead.
@Test(arguments: [
    String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000),
    String(repeating: "[", count: 150) + String(repeating: "]", count: 150),
    "x = " + String(repeating: "-", count: 20_000) + "1",
    "x = " + String(repeating: "not ", count: 20_000) + "1",
    "x = 1" + String(repeating: " + 1", count: 20_000),
    "x = f" + String(repeating: "(1)", count: 20_000),
    "x = 2" + String(repeating: " ** 2", count: 20_000),
    (0..<300).map { String(repeating: " ", count: $0) + "if true:\n" }.joined() + String(repeating: " ", count: 300)
        + "x = 1",
    "s = \"unterminated",
    "s = \"\"\"never closed\n\n",
    "s = \"{",
    "s = \"{\"{\"{\"}\"}\"",
    "x = 1e999999",
    "x = 123456789012345678901234567890",
    "x = [1][1e300]",
    "x = range(1e300)",
    "x = \"a\" * 1e18",
    "x = [0] * 1e12",
    "s = \"x\"\nwhile true:\n    s = \"{s}{s}\"",
    "xs = [1]\nwhile true:\n    xs.extend(xs)",
    "x = list(range(1e15))",
    "x = 10 ** 1e300",
    "x = int(1e300) + int(-1e300)",
    "x = round(1e300, 15)",
    "x = \"{1e300:d}\"",
    "def f(n):\n    return f(n + 1)\nf(0)",
    "def f(n):\n    return [f(n + 1)]\nf(0)",
    "a = []\nfor i in range(100000):\n    a = [a]",
    "d = {}\nfor i in range(100000):\n    d = {\"k\": d}",
    "a = []\nfor i in range(1000):\n    a = append([], a)",
    "def wrap(f):\n    return fn() => f\ng = nil\nfor i in range(50000):\n    g = wrap(g)\ng = nil",
    "def wrap(f):\n    return fn() => f\ng = nil\nfor i in range(50000):\n    g = wrap(g)",
    "\u{0}\u{1}\u{FFFF}\u{10FFFF}",
    "\t\tx = 1\n  \ty = 2",
    "x = [1, 2][::0]",
    "x = \"abc\"[5:1:-1] + \"\"[0:0]",
    "# %%\n# %%\n\n# %%",
])
func hostileInputEndsInADiagnosticNotACrash(source: String) {
    let interpreter = Interpreter(output: { _ in })
    interpreter.stepLimit = 1_000_000
    _ = interpreter.check(source: source, file: "<hostile>")
    let results = interpreter.runCells(source: source, file: "<hostile>")
    for result in results {
        _ = result.error?.description
        _ = result.value?.repr
    }
    #expect(!results.isEmpty)
}

@Test func deepRecursionIsStoppedEvenWithoutACallLimit() {
    let interpreter = Interpreter(output: { _ in })
    interpreter.maximumCallDepth = .max
    let error = interpreter.run(source: "def f(n):\n    return 1 + f(n + 1)\nf(0)", file: "<deep>").error
    #expect(error?.kind == .recursion)
    #expect(error?.message.hasPrefix("recursion too deep") == true)
}

@Test func theCallLimitGivesARecursionDiagnostic() {
    let interpreter = Interpreter(output: { _ in })
    interpreter.maximumCallDepth = 50
    let error = interpreter.run(source: "def f(n):\n    return f(n + 1)\nf(0)", file: "<deep>").error
    #expect(error?.message == "recursion too deep: more than 50 nested calls")
    #expect(error?.trace == ["in f(), called at line 2", "in f(), called at line 3"])
}

@Test func nestingTooDeepIsAValueError() {
    let interpreter = Interpreter(output: { _ in })
    let error = interpreter.run(source: "a = []\nfor i in range(1000):\n    a = [a]", file: "<nest>").error
    #expect(error?.kind == .value)
    #expect(error?.range.start.line == 3)
}

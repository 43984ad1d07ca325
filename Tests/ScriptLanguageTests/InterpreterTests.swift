import Testing

@testable import ScriptLanguage

/// A fresh interpreter with the test host, collecting printed lines.
final class Session {
    var printed: [String] = []
    lazy var interpreter: Interpreter = {
        let interpreter = Interpreter(output: { [unowned self] in self.printed.append($0) })
        TestHost.register(in: interpreter)
        return interpreter
    }()

    @discardableResult
    func run(_ source: String) -> CellResult { interpreter.run(source: source, file: "<shell>") }
}

@Test func aFailedInputLeavesEveryGlobalAsItWas() {
    let session = Session()
    #expect(session.run("x = 1\nxs = [1, 2]\ncfg = {\"lr\": 0.1}").error == nil)
    let failed = session.run("x = 2\nxs.append(3)\ncfg.lr = 0.5\nnew_name = 1\nxs[10]")
    #expect(failed.error?.kind == .index)
    #expect(session.interpreter.global("x")?.repr == "1")
    #expect(session.interpreter.global("xs")?.repr == "[1, 2]")
    #expect(session.interpreter.global("cfg")?.repr == "{\"lr\": 0.1}")
    #expect(session.interpreter.global("new_name") == nil)
    #expect(!session.interpreter.globalNames.contains("new_name"))
    // A parse error changes nothing either, and later inputs still work.
    #expect(session.run("x = * 2").error?.kind == .parse)
    #expect(session.run("x + 41").value?.repr == "42")
}

@Test func aFailedCellIsUndoneButEarlierCellsStay() {
    let session = Session()
    let results = session.interpreter.runCells(
        source: "a = 1\n# %%\na = 2\nb = 1 / 0\n# %%\nprint(\"never\")", file: "nb.airs")
    #expect(results.count == 2)
    #expect(results[1].error?.kind == .divisionByZero)
    #expect(session.interpreter.global("a")?.repr == "1")
    #expect(session.printed.isEmpty)
}

@Test func checkParsesAndResolvesWithoutRunning() {
    let session = Session()
    #expect(session.interpreter.check(source: "print(1)\nx = 2", file: "a.airs").isEmpty)
    #expect(session.printed.isEmpty)
    #expect(session.interpreter.global("x") == nil)
    let errors = session.interpreter.check(source: "def f():\n    return lenn([])", file: "b.airs")
    #expect(errors.first?.kind == .name)
    #expect(errors.first?.hint == "did you mean 'len'?")
    #expect(errors.first?.file == "b.airs")
}

@Test func diagnosticsQuoteTheLineWithACaret() {
    let session = Session()
    let error = session.run("rate = 0.1\nprint(rat + 1)").error
    #expect(
        error?.description == """
            error[name]: unknown name 'rat'
             --> <shell>:2:7
              |
            2 | print(rat + 1)
              |       ^^^
              = hint: did you mean 'rate'?
            """)
    #expect(error?.summary == "<shell>:2:7: name: unknown name 'rat' (did you mean 'rate'?)")
}

@Test func hostErrorsKeepTheirMessageAndTheCallsRange() {
    let session = Session()
    let error = session.run("v = vector([1, 2])\nw = v + vector([1])").error
    #expect(error?.kind == .host)
    #expect(error?.message == "shape mismatch: [2] and [1]")
    #expect(error?.range.start == SourceLocation(line: 2, column: 5))
    #expect(error?.range.end == SourceLocation(line: 2, column: 20))
}

@Test func errorsInsideFunctionsQuoteTheFunctionsSource() {
    let session = Session()
    #expect(session.run("def f(xs):\n    return xs[3]").error == nil)
    let error = session.run("f([1])").error
    #expect(error?.sourceLine == "    return xs[3]")
    #expect(error?.trace == ["in f(), called at line 1"])
}

@Test func globalsAreVisibleForCompletion() {
    let session = Session()
    session.run("alpha = 1\ndef beta(): pass\nv = vector([1])")
    let names = session.interpreter.globalNames
    #expect(names.contains("alpha") && names.contains("beta") && names.contains("print") && names.contains("vector"))
    #expect(
        session.interpreter.memberNames(of: session.interpreter.global("v") ?? .nil) == [
            "name", "scaled", "size", "total",
        ])
    #expect(session.interpreter.memberNames(of: .list([])).contains("append"))
    #expect(session.interpreter.variableNames == ["alpha", "beta", "v"])
}

@Test func hostsCanCallScriptFunctions() throws {
    let session = Session()
    session.run("def twice(x, by = 2): return x * by")
    let twice = try #require(session.interpreter.global("twice"))
    #expect(try session.interpreter.call(twice, arguments: [.number(21)]).repr == "42")
    #expect(try session.interpreter.call(twice, arguments: [.number(2)], keywords: [("by", .number(5))]).repr == "10")
    #expect(throws: ScriptError.self) { try session.interpreter.call(twice, arguments: []) }
}

@Test func definedValuesBecomeGlobals() {
    let session = Session()
    session.interpreter.define("epochs", .number(3))
    session.interpreter.setVariable("restored", .list([.string("a")]))
    #expect(session.run("epochs * 2").value?.repr == "6")
    #expect(session.run("restored[0]").value == .string("a"))
    #expect(session.interpreter.variableNames == ["restored"])
}

@Test func helpListsEveryFunctionWithItsDoc() {
    let session = Session()
    session.run("help()")
    #expect(session.printed.first == "Functions (help(name) for details):")
    #expect(
        session.printed.contains(
            "  print(sep: \" \", ...) — Prints the values separated by sep (a space), then a new line."))
    session.printed = []
    session.run("help(\"lenn\")")
    #expect(session.printed == ["No help for 'lenn'; did you mean 'len'?"])
}

@Test func aHostCanInterruptALongRun() {
    let session = Session()
    var polls = 0
    session.interpreter.shouldInterrupt = {
        polls += 1
        return polls == 3
    }
    let error = session.run("n = 0\nwhile true:\n    n += 1").error
    #expect(error?.kind == .limit && error?.message == "interrupted")
    #expect(session.interpreter.global("n") == nil)
}

@Test func hostIndicesFollowPythonRules() throws {
    #expect(try IndexValue.single(.number(-1)).positions(count: 4) == [3])
    #expect(try IndexValue.slice(start: .number(1), stop: nil, step: .number(2)).positions(count: 6) == [1, 3, 5])
    #expect(try IndexValue.slice(start: nil, stop: nil, step: .number(-1)).positions(count: 3) == [2, 1, 0])
    #expect(throws: ScriptError.self) { try IndexValue.single(.number(4)).positions(count: 4) }
    #expect(throws: ScriptError.self) { try IndexValue.single(.number(0.5)).positions(count: 4) }
    #expect(Value.list([.number(1), .string("a")]) == .list([.number(1), .string("a")]))
}

import Testing

@testable import ScriptLanguage

@Test(arguments: [
    ("if x > 1:", true),
    ("if x > 1:\n    y = 2", true),
    ("if x > 1:\n    y = 2\n", false),
    ("if x > 1:\n    y = 2\n\n", false),
    ("xs = [1,\n  2", true),
    ("s = \"\"\"doc\nmore", true),
    ("x = 1 + \\", true),
    ("x = 1", false),
    ("x = \"unterminated", false),
    ("x = )", false),
    ("print(1)  # done:", false),
])
func theShellKnowsWhenAnInputIsUnfinished(source: String, incomplete: Bool) {
    #expect(Parser.isIncomplete(source) == incomplete, "\(source.debugDescription)")
}

@Test func everyCellKeepsItsStatementsAndRange() throws {
    let program = try Parser.parse(SourceFile(name: "nb", text: "# %% first\na = 1\nb = 2\n# %%\nc = 3\n"))
    #expect(program.cells.count == 2)
    #expect(program.cells.map(\.statements.count) == [2, 1])
    #expect(program.cells[1].range.start.line == 5)
}

@Test func anUnclosedBracketPointsAtTheOpener() {
    let errors = Interpreter(output: { _ in }).check(source: "x = 1\ny = [1,\n  2", file: "open.airs")
    #expect(errors.first?.summary == "open.airs:2:5: lex: '[' is never closed (add the matching ']')")
}

@Test func tokensCarryTheirRanges() throws {
    var lexer = Lexer("x = 12.5 # note\nif x:\n  y")
    let kinds = try lexer.tokenize().map(\.kind)
    #expect(
        kinds == [
            .name("x"), .symbol("="), .number(12.5), .newline, .keyword(.if), .name("x"), .symbol(":"),
            .newline, .indent, .name("y"), .newline, .dedent, .end,
        ])
}

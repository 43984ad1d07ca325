@testable import InteractiveShell
import Testing

private func runLines(_ lines: [String]) -> Captured {
    let captured = Captured()
    var remaining = lines[...]
    let loop = LineLoop(runner: captured.runner, readLine: { remaining.popFirst() }, prompt: { _ in })
    #expect(loop.run() == 0)
    return captured
}

@Test func theLoopShowsValuesAndKeepsVariablesAcrossInputs() {
    let captured = runLines(["x = 6", "x * 7", "", "print(\"hi\")"])
    #expect(captured.out.dropFirst().filter { !$0.isEmpty } == ["42", "hi"])
    #expect(captured.err.isEmpty)
}

@Test func aBlockRunsWhenABlankLineClosesIt() {
    let captured = runLines(["total = 0", "for i in range(4):", "    total += i", "", "total"])
    #expect(captured.out.contains("6"))
}

@Test func anErrorIsReportedAndTheInputUndone() {
    let captured = runLines(["y = 1", "y = 2; nope", "y"])
    #expect(captured.err.count == 1)
    #expect(captured.err.first?.contains("nope") == true)
    #expect(captured.out.contains("1"))
    #expect(!captured.out.contains("2"))
}

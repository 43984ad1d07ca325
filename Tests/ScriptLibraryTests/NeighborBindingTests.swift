import ScriptLanguage
import Testing

@testable import ScriptLibrary

/// `neighbors` ranks rows by cosine similarity and names bad arguments.
@Suite struct NeighborBindingTests {
    @Test func ranksByCosineSimilarity() {
        let harness = ScriptHarness()
        let source = "neighbors(tensor([[1, 0], [0, 1], [0.9, 0.1], [-1, 0]]), 0, 2)"
        let shown = harness.show(source)
        #expect(shown.hasPrefix("[[2, 0.99"))
        #expect(shown.contains("[1, 0]"))
        #expect(!shown.contains("[3,"))
    }

    @Test func badArgumentsAreNamed() {
        let harness = ScriptHarness()
        #expect(harness.show("neighbors(zeros([3, 2]), 5)").contains("row 5 is out of range for 3"))
        #expect(harness.show("neighbors([1], 0)").contains("Embeddings or an [N, D] tensor, got list"))
    }
}

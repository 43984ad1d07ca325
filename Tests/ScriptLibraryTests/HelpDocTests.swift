import ScriptLanguage
import Testing

@testable import ScriptLibrary

/// Every command the shell issue lists has a signature and a doc under `help(name)` (`:help name`).
@Test(arguments: [
    "config", "synthetic", "fashion_mnist", "dataset", "dataset_list", "show", "model", "models",
    "load_weights", "save_weights", "summary", "forward", "inspect", "diff", "evaluate", "embed",
    "neighbors", "worst_queries", "ranked", "project", "export", "plot", "train",
])
func everyListedCommandHasADoc(name: String) {
    let h = ScriptHarness()
    h.run("help(\"\(name)\")")
    #expect(h.output.count == 2, "\(name): \(h.output)")
    #expect(h.output.first?.hasPrefix("\(name)(") == true)
    #expect((h.output.last?.count ?? 0) > 20, "\(name) has no real doc")
}

@Test(arguments: ["Model", "Embeddings", "Result", "Config", "Dataset", "DatasetSplit"])
func everyTypeHasADoc(type: String) {
    let h = ScriptHarness()
    h.run("help(\"\(type)\")")
    #expect(h.output.first?.hasPrefix("\(type): ") == true, "\(type): \(h.output)")
}

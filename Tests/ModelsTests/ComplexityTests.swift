import Foundation
import Models
import NeuralNetwork
import TensorEngine
import TestSupport
import Testing

/// `golden/models/complexity.json`'s entries (ptflops 0.7.5 figures of the upstream networks).
func complexityEntries() -> [[String: Any]] {
    let url = goldenDirectory().appendingPathComponent("models/complexity.json")
    guard let data = try? Data(contentsOf: url),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return [] }
    return object["entries"] as? [[String: Any]] ?? []
}

@Test func complexityEntriesArePresent() {
    #expect(!complexityEntries().isEmpty)
}

@Test func parameterAndMACCountsEqualPtflops() throws {
    var built: [String: any ImageNetwork] = [:]
    for entry in complexityEntries() {
        let model = entry["model"] as? String ?? ""
        let classes = entry["num_classes"] as? Int ?? 0
        let size = entry["input_hw"] as? [Int] ?? []
        let key = "\(model)/\(classes)"
        var generator = RandomGenerator(seed: 0)
        let network =
            try built[key] ?? ModelRegistry.make(model, numClasses: classes, initialize: false, generator: &generator)
        built[key] = network
        let counts = try network.complexity(height: size[0], width: size[1])
        let ptflops = entry["ptflops_pytorch"] as? [String: Any] ?? [:]
        let label = "\(model) \(classes) classes \(size)"
        #expect(counts.parameters == entry["params_total"] as? Int, "\(label): parameters")
        #expect(
            counts.parametersWithoutClassifier == entry["params_without_classifier"] as? Int,
            "\(label): base parameters")
        #expect(
            counts.macs == ptflops["macs"] as? Int, "\(label): MACs \(counts.macs) vs ptflops \(ptflops["macs"] ?? "?")"
        )
    }
}

import Foundation
import Models
import NeuralNetwork
import TensorEngine
import TestSupport
import Testing

/// The `model_forward` cases of `golden/models/` (whatever files are there).
let modelCaseFiles: [URL] = goldenFiles("models").filter { url in
    guard let data = try? Data(contentsOf: url),
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return false }
    return object["kind"] as? String == "model_forward"
}

@Test func goldenModelCasesArePresent() {
    #expect(!modelCaseFiles.isEmpty, "no model_forward files under \(goldenDirectory().path)/models")
}

/// Builds the case's network through the registry, exactly as the golden script did.
func makeNetwork(_ golden: GoldenModelCase) throws -> any ImageNetwork {
    var generator = RandomGenerator(seed: 1)
    return try ModelRegistry.make(
        golden.model, numClasses: golden.numClasses, lastStride: golden.lastStride, initialize: false,
        generator: &generator)
}

@Test(arguments: modelCaseFiles)
func stateDictAndFormulaWeightsMatch(_ url: URL) throws {
    let golden = try GoldenModelCase(url)
    let network = try makeNetwork(golden)
    let entries = network.stateEntries()
    let records = golden.stateDict
    #expect(entries.map(\.name) == records.map { $0["key"] as? String ?? "" }, "\(golden.name): state-dict keys differ")
    #expect(entries.map(\.value.shape) == records.map { $0["shape"] as? [Int] ?? [] }, "\(golden.name): shapes differ")
    #expect(
        entries.map(\.isInteger) == records.map { $0["dtype"] as? String == "int64" }, "\(golden.name): dtypes differ")
    guard entries.count == records.count else { return }

    let fill = try fillFormulaWeights(network, salt: golden.salt)
    for ((entry, filled), record) in zip(zip(entries, fill), records) {
        let key = entry.name
        #expect(filled.t == record["t"] as? Int, "\(golden.name) \(key): t")
        #expect(filled.rule?.rawValue ?? "skip" == record["rule"] as? String, "\(golden.name) \(key): rule")
        guard filled.t != nil else { continue }
        let values = entry.value.scalars
        let sum = values.reduce(0.0) { $0 + Double($1) }
        let expectedSum = record["sum"] as? Double ?? .nan
        #expect(
            abs(sum - expectedSum) <= 1e-9 * max(1, abs(expectedSum)) + 1e-9,
            "\(golden.name) \(key): sum \(sum) ≠ \(expectedSum)")
        let first = (record["first"] as? [Double] ?? []).map { Float($0) }
        #expect(
            Array(values.prefix(first.count)) == first, "\(golden.name) \(key): first values differ (bit-exact fill)")
    }
}

import Checkpoints
import Configuration
import Distillers
import Foundation
import Models
import TensorEngine
import Testing

@testable import Training

@Suite struct NetworkWeightsTests {
    @Test func missingOrMisshapenTensorsAreNamed() throws {
        let run = try TrainingRun(config: Fixture.config([]), writeFolder: false)
        let first = try #require(run.student.stateEntries().first)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "airs-weights-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: file) }
        try SafeTensorsFormat.write(StateDictionary(tensors: [("student." + first.name, Tensor.zeros([3]))]), to: file)
        #expect {
            try NetworkWeights.load(run.student, from: file)
        } throws: { error in
            "\(error)".contains(file.path) && "\(error)".contains("student.\(first.name)")
                && "\(error)".contains("shape")
        }
        try SafeTensorsFormat.write(StateDictionary(tensors: [("student." + first.name, first.value)]), to: file)
        let second = try #require(run.student.stateEntries().dropFirst().first)
        #expect {
            try NetworkWeights.load(run.student, from: file)
        } throws: { error in
            "\(error)".contains("student.\(second.name)") && "\(error)".contains("missing key")
        }
    }

    @Test func configSourceListsChangedKeysAndConvertsValues() throws {
        let source: any DistillerSettingsSource = try Fixture.config(["D3.TOPK", "4", "D3.ALPHA", "0.5"])
        #expect(source.settingKeys.contains("D3.TOPK"))
        #expect(!source.settingKeys.contains("D3.BETA"))
        #expect(source.settingValue(forKey: "D3.TOPK") == .int(4))
        #expect(source.settingValue(forKey: "D3.ALPHA") == .double(0.5))
        #expect(source.settingValue(forKey: "INPUT.STUDENT_SIZE_TRAIN") == .list([.int(32), .int(32)]))
    }
}

/// `airs test` loads a student trained on a dataset with another class count: retrieval does not
/// use the classifier, and hints name the key of the network the file is for.
@Suite struct RetrievalWeightsTests {
    @Test func aClassifierOfAnotherClassCountIsLeftOutForRetrievalOnly() throws {
        let run = try TrainingRun(config: Fixture.config([]), writeFolder: false)
        var generator = RandomGenerator(seed: 5)
        let other = try ModelRegistry.make("MobileNetV3_Small", numClasses: 7, generator: &generator)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "airs-seven-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: file) }
        try NetworkWeights.write(other, to: file)
        #expect {
            try NetworkWeights.naming("DISTILLER.STUDENT_NAME", network: run.student.name) {
                try NetworkWeights.load(run.student, from: file)
            }
        } throws: { error in
            let text = "\(error)"
            return text.contains("classifier.weight") && text.contains("DISTILLER.STUDENT_NAME")
                && !text.contains("TEACHER")
        }
        let left = try NetworkWeights.loadForRetrieval(run.student, from: file)
        #expect(!left.isEmpty && left.allSatisfy { $0.hasPrefix("student.") && $0.contains("classifier.") }, "\(left)")
        let loaded = Dictionary(
            run.student.stateEntries().map { ($0.name, $0.value.scalars) }, uniquingKeysWith: { a, _ in a })
        for entry in other.stateEntries() where !left.contains("student." + entry.name) {
            #expect(loaded[entry.name] == entry.value.scalars, "\(entry.name)")
        }
    }
}

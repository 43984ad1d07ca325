import Checkpoints
import Configuration
import Distillers
import Foundation
import TensorEngine
import Testing
@testable import Training

@Suite struct NetworkWeightsTests {
    @Test func missingOrMisshapenTensorsAreNamed() throws {
        let run = try TrainingRun(config: Fixture.config([]), writeFolder: false)
        let first = try #require(run.student.stateEntries().first)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("airs-weights-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: file) }
        try SafeTensorsFormat.write(StateDictionary(tensors: [("student." + first.name, Tensor.zeros([3]))]), to: file)
        #expect {
            try NetworkWeights.load(run.student, from: file)
        } throws: { error in
            "\(error)".contains(file.path) && "\(error)".contains("student.\(first.name)") && "\(error)".contains("shape")
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

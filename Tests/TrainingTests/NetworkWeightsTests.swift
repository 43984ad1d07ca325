import Checkpoints
import Configuration
import Foundation
import TensorEngine
import Testing
@testable import Training

@Suite struct NetworkWeightsTests {
    @Test func studentWeightsRoundTripThroughSafeTensors() throws {
        let first = try TrainingRun(config: Fixture.config(["SOLVER.SEED", "1"]), writeFolder: false)
        let second = try TrainingRun(config: Fixture.config(["SOLVER.SEED", "2"]), writeFolder: false)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("airs-weights-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: file) }
        try NetworkWeights.write(first.student, to: file)
        let before = second.student.stateEntries().map { $0.value.scalars }
        try NetworkWeights.load(second.student, from: file)
        let expected = first.student.stateEntries().map { $0.value.scalars }
        let loaded = second.student.stateEntries().map { $0.value.scalars }
        #expect(loaded == expected)
        #expect(before != expected)
    }

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
            "\(error)".contains("student.\(second.name)") && "\(error)".contains("missing")
        }
    }

    @Test func configSourceListsChangedKeysAndConvertsValues() throws {
        let source = ConfigDistillerSource(try Fixture.config(["D3.TOPK", "4", "D3.ALPHA", "0.5"]))
        #expect(source.settingKeys.contains("D3.TOPK"))
        #expect(!source.settingKeys.contains("D3.BETA"))
        #expect(source.settingValue(forKey: "D3.TOPK") == .int(4))
        #expect(source.settingValue(forKey: "D3.ALPHA") == .double(0.5))
        #expect(source.settingValue(forKey: "INPUT.STUDENT_SIZE_TRAIN") == .list([.int(32), .int(32)]))
    }
}

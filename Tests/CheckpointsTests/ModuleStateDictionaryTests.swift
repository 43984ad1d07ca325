import Checkpoints
import Foundation
import NeuralNetwork
import TensorEngine
import Testing

/// Modules round-trip through state dictionaries and safetensors files; bad files are reported
/// with every problem at once.
@Suite struct ModuleStateDictionaryTests {
    func network(seed: UInt64) -> Sequential {
        var generator = RandomGenerator(seed: seed)
        return Sequential([
            Linear(inFeatures: 3, outFeatures: 4, generator: &generator), BatchNorm(features: 4),
            Activation(.relu), Linear(inFeatures: 4, outFeatures: 2, bias: false, generator: &generator),
        ])
    }

    @Test func namesAndOrderFollowPyTorch() throws {
        let dictionary = try network(seed: 1).stateDictionary(prefix: "student.")
        #expect(
            dictionary.names == [
                "student.0.weight", "student.0.bias", "student.1.weight", "student.1.bias", "student.1.running_mean",
                "student.1.running_var", "student.1.num_batches_tracked", "student.3.weight",
            ])
        #expect(dictionary["student.1.num_batches_tracked"]?.dtype == .int64)
    }

    @Test func roundTripsThroughSafetensors() throws {
        let source = network(seed: 1)
        let target = network(seed: 2)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("airs-module-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensorsFormat.write(source.stateDictionary(), to: url)
        let report = try target.load(SafeTensorsFormat.read(from: url).tensors, file: url.path)
        #expect(report.isClean)
        for (a, b) in zip(source.namedParameters(), target.namedParameters()) {
            #expect(a.parameter.value.scalars == b.parameter.value.scalars, "\(a.name)")
        }
    }

    @Test func everyMismatchIsReportedAtOnce() throws {
        var generator = RandomGenerator(seed: 3)
        let wrong = Sequential([Linear(inFeatures: 5, outFeatures: 4, generator: &generator)])
        var dictionary = try wrong.stateDictionary()
        dictionary.set(Tensor.zeros([1]), named: "extra.weight")
        let target = network(seed: 1)
        let before = target.namedParameters()[0].parameter.value.scalars
        do {
            try target.load(dictionary, file: "teacher.safetensors")
            Issue.record("a mismatched file loaded")
        } catch {
            let message = "\(error)"
            #expect(message.contains("teacher.safetensors"))
            #expect(message.contains("0.weight: model [4, 3], file [4, 5]"))
            #expect(message.contains("extra.weight"))
            #expect(message.contains("1.running_mean"))
        }
        #expect(target.namedParameters()[0].parameter.value.scalars == before, "nothing is assigned when loading fails")
    }

    @Test func nonStrictLoadsWhatMatches() throws {
        let source = network(seed: 1)
        let target = network(seed: 2)
        var dictionary = try source.stateDictionary()
        dictionary.set(Tensor.zeros([7]), named: "3.weight")
        let report = try target.load(dictionary, mode: .nonStrict, file: "partial.safetensors")
        #expect(report.shapeMismatches.map(\.name) == ["3.weight"])
        #expect(
            target.namedParameters()[0].parameter.value.scalars == source.namedParameters()[0].parameter.value.scalars)
    }
}

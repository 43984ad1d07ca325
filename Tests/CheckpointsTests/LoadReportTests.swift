import TensorEngine
import Testing

@testable import Checkpoints

private func dictionary(_ shapes: [(String, [Int])]) throws -> StateDictionary {
    try StateDictionary(shapes.map { ($0.0, TestFiles.storedFloats($0.1)) })
}

private let model = [
    ExpectedTensor(name: "conv.weight", shape: [8, 3, 3, 3]),
    ExpectedTensor(name: "bn.weight", shape: [8]),
    ExpectedTensor(name: "bn.num_batches_tracked", shape: []),
    ExpectedTensor(name: "fc.weight", shape: [10, 8]),
]

@Test func reportListsEveryProblemAtOnce() throws {
    let found = try dictionary([
        ("conv.weight", [8, 3, 3, 3]), ("bn.weight", [4]), ("fc.weight", [10, 8]),
        ("extra.bias", [2]), ("projector.weight", [3, 3]),
    ])
    let report = LoadReport(expected: model, found: found)
    #expect(report.missing == [ExpectedTensor(name: "bn.num_batches_tracked", shape: [])])
    #expect(report.unexpected.map(\.name) == ["extra.bias", "projector.weight"])
    #expect(report.shapeMismatches == [.init(name: "bn.weight", expected: [8], found: [4])])
    #expect(report.matched == ["conv.weight", "fc.weight"])
    let error = TestFiles.error { try report.validate(mode: .strict, file: "teacher.pth") }
    let message = error?.description ?? ""
    for fragment in [
        "teacher.pth", "bn.num_batches_tracked []", "extra.bias [2]", "projector.weight [3, 3]",
        "bn.weight: model [8], file [4]",
    ] {
        #expect(message.contains(fragment), "\(fragment) missing from: \(message)")
    }
}

@Test func modesDecideWhatIsAnError() throws {
    let onlyMissing = LoadReport(expected: model, found: try dictionary([("conv.weight", [8, 3, 3, 3])]))
    #expect(!onlyMissing.isAcceptable(under: .strict))
    #expect(onlyMissing.isAcceptable(under: .allowMissing))
    let extra = LoadReport(expected: model, found: try dictionary([("fc.bias", [10])]))
    #expect(!extra.isAcceptable(under: .allowMissing))
    #expect(extra.isAcceptable(under: .nonStrict))
    let exact = LoadReport(expected: model, found: try dictionary(model.map { ($0.name, $0.shape) }))
    #expect(exact.isClean)
    try exact.validate(mode: .strict, file: "ok.safetensors")
}

@Test func upstreamKeyRewritingBeforeLoading() throws {
    // A Vanilla distiller checkpoint: the teacher file's keys are `student.<name>` (models.md §8.2).
    let distiller = try dictionary([
        ("student.conv.weight", [8, 3, 3, 3]), ("student.fc.weight", [10, 8]),
        ("teacher.conv.weight", [8, 3, 3, 3]),
    ])
    let teacher = try distiller.strippingPrefix("teacher.")
    #expect(teacher.names == ["conv.weight"])
    let student = try distiller.droppingKeys(withPrefix: "teacher.").removingOccurrences(of: "student.")
    #expect(student.names == ["conv.weight", "fc.weight"])
    // DataParallel's `module.` is removed wherever it occurs (models.md §8.1), and `fc` is skipped.
    let parallel = try dictionary([("module.layer1.module.weight", [2]), ("module.fc.weight", [2])])
    let cleaned = try parallel.removingOccurrences(of: "module.").droppingKeys(withPrefix: "fc")
    #expect(cleaned.names == ["layer1.weight"])
    let clash = try dictionary([("a.x", [1]), ("b.x", [1])])
    let error = TestFiles.error { _ = try clash.renamed { String($0.dropFirst(2)) } }
    #expect(error == .duplicateKey(file: "(state dictionary)", key: "x"))
}

@Test func stateDictionaryKeepsOrderAndReplacesInPlace() throws {
    var tensors = try dictionary([("a", [1]), ("b", [2]), ("c", [3])])
    tensors["b"] = TestFiles.storedFloats([5])
    tensors["d"] = TestFiles.storedFloats([1])
    tensors["a"] = nil
    #expect(tensors.names == ["b", "c", "d"])
    #expect(tensors["b"]?.shape == [5])
    #expect(tensors["c"]?.shape == [3])
    let error = TestFiles.error {
        _ = try StateDictionary([("x", TestFiles.storedFloats([1])), ("x", TestFiles.storedFloats([1]))], file: "f")
    }
    #expect(error == .duplicateKey(file: "f", key: "x"))
}

@Test func stateDictionaryFromTensorsKeepsValuesAndDTypes() throws {
    let weight = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]).transposed()
    let running = try Tensor(shape: [2], doubles: [0.5, -0.25])
    let tensors = try StateDictionary(tensors: [("fc.weight", weight), ("bn.running_mean", running)])
    #expect(tensors["fc.weight"]?.dtype == .float32)
    #expect(try tensors.tensor(named: "fc.weight").scalars == [1, 3, 2, 4])
    #expect(try tensors.tensor(named: "bn.running_mean").doubles == [0.5, -0.25])
    #expect(try tensors.tensor(named: "bn.running_mean").dtype == .float64)
    let missing = TestFiles.error { _ = try tensors.tensor(named: "fc.bias") }
    #expect(missing?.description.hasPrefix("tensor 'fc.bias'") == true)
}

import Foundation
import TensorEngine
import Testing

@testable import Checkpoints

@Test func inspectListsStatisticsAndMetadata() throws {
    let folder = try TestFiles.scratchDirectory()
    let url = folder.appendingPathComponent("a.safetensors")
    var tensors = StateDictionary()
    tensors["w"] = StoredTensor(try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]))
    tensors["steps"] = try StoredTensor(integers: [7], shape: [])
    tensors["none"] = try StoredTensor(dtype: .float32, shape: [0], bytes: [])
    try SafeTensorsFormat.write(tensors, metadata: ["architecture": "resnet18", "config": "a: 1\nb: 2"], to: url)
    let report = try CheckpointInspector.inspect(url)
    let w = try #require(report.tensors.first)
    #expect(w == TensorSummary(name: "w", tensor: tensors["w"]!))
    #expect(w.count == 4 && w.mean == 2.5 && w.minimum == 1 && w.maximum == 4)
    #expect(w.standardDeviation == (1.25 as Double).squareRoot())
    #expect(report.tensors[2].mean == nil)
    let text = report.description
    #expect(text.contains("(safetensors): 3 tensors, 5 elements"))
    #expect(text.contains("w      F32    [2, 2]         4   2.5  1.11803    1    4"))
    #expect(text.contains("steps  I64    []             1     7        0    7    7"))
    #expect(text.contains("architecture: resnet18"))
    #expect(text.contains("config: a: 1 …"))
}

@Test func inspectReadsEveryFormat() throws {
    let fixtures = TestFiles.fixtures
    for (name, format, count) in [
        ("state_dict_zip.pth", CheckpointFormat.pytorchZip, 14),
        ("state_dict_legacy.pth", .pytorchLegacy, 14),
        ("arrays.npz", .numpyArchive, 4), ("embeddings.npy", .numpy, 1),
    ] {
        let report = try CheckpointInspector.inspect(fixtures.appendingPathComponent(name))
        #expect(report.format == format, "\(name)")
        #expect(report.tensors.count == count, "\(name)")
    }
    let error = TestFiles.error {
        _ = try CheckpointInspector.inspect(fixtures.appendingPathComponent("make_fixtures.py"))
    }
    #expect(error?.description.contains("make_fixtures.py: unsupported format") == true)
}

@Test func diffReportsShapeAndLargestValueDifferences() throws {
    let folder = try TestFiles.scratchDirectory()
    var first = StateDictionary()
    first["same"] = TestFiles.storedFloats([3])
    first["moved"] = StoredTensor(try Tensor(shape: [3], scalars: [1, 2, 3]))
    first["reshaped"] = TestFiles.storedFloats([2, 3])
    first["gone"] = TestFiles.storedFloats([1])
    var second = first
    second["moved"] = StoredTensor(try Tensor(shape: [3], scalars: [1, 2.5, 2]))
    second["reshaped"] = TestFiles.storedFloats([3, 2])
    second["gone"] = nil
    second["new"] = TestFiles.storedFloats([1])
    let a = folder.appendingPathComponent("a.safetensors")
    let b = folder.appendingPathComponent("b.safetensors")
    try SafeTensorsFormat.write(first, to: a)
    try SafeTensorsFormat.write(second, to: b)
    let diff = try CheckpointInspector.diff(a, b)
    #expect(diff.identicalCount == 1)
    #expect(diff.onlyInFirst == ["gone"] && diff.onlyInSecond == ["new"])
    #expect(diff.differences.map(\.name) == ["moved", "reshaped"])
    #expect(diff.differences[0].maximumAbsoluteDifference == 1 && diff.differences[0].indexOfMaximum == 2)
    #expect(diff.differences[1].maximumAbsoluteDifference == nil)
    #expect(
        diff.verdict
            == "differ: 4 of 5 tensors (2 with other values or shapes, 1 only in A, 1 only in B)")
    #expect(diff.description.hasPrefix(diff.verdict + "\nA = \(a.path)\nB = \(b.path)\n"))
    #expect(diff.exitStatus == 1)
    #expect(diff.description.contains("reshaped  [2, 3]   [3, 2]   F32      F32          shape   -"))
    #expect(try CheckpointInspector.diff(a, b, tolerance: 1).differences.map(\.name) == ["reshaped"])
    let same = try CheckpointInspector.diff(a, a)
    #expect(same.isEmpty && same.exitStatus == 0)
    #expect(same.verdict == "identical: 4 tensors")
    #expect(same.description == "identical: 4 tensors\nA = \(a.path)\nB = \(a.path)")
    let tolerant = try CheckpointInspector.diff(a, b, tolerance: 1)
    #expect(tolerant.verdict.hasPrefix("differ: 3 of 5 tensors (1 with"))
}

@Test func zipAndLegacyFixturesAreIdentical() throws {
    let diff = try CheckpointInspector.diff(
        TestFiles.fixtures.appendingPathComponent("state_dict_zip.pth"),
        TestFiles.fixtures.appendingPathComponent("state_dict_legacy.pth"))
    #expect(diff.isEmpty)
    #expect(diff.identicalCount == 14)
}

/// A safetensors header of 384 bytes starts the file with 0x80, the pickle PROTO opcode: the
/// format is still told by the '{' at byte 8, and a legacy `.pth` by PROTO and its version.
@Test func aSafetensorsHeaderLengthStartingWith0x80IsNotAPickle() {
    let safetensors: [UInt8] = [0x80, 0x01, 0, 0, 0, 0, 0, 0] + Array("{\"a\":1}".utf8)
    #expect(CheckpointFile.format(of: safetensors) == .safetensors)
    #expect(CheckpointFile.format(of: [0x80, 0x02, 0x8a, 0x0a, 0x6c]) == .pytorchLegacy)
    #expect(CheckpointFile.format(of: [0x80, 0x00, 0x00]) == nil)
}

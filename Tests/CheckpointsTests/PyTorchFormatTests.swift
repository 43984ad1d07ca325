import Foundation
import Testing

@testable import Checkpoints

private func fixture(_ name: String) -> URL { TestFiles.fixtures.appendingPathComponent(name) }

@Test(arguments: [("state_dict_zip.pth", CheckpointFormat.pytorchZip), ("state_dict_legacy.pth", .pytorchLegacy)])
func pthFixtureLoadsEveryDTypeAndView(file: String, format: CheckpointFormat) throws {
    let expected = try FixtureExpectations.load()
    let checkpoint = try PyTorchFormat.read(from: fixture(file))
    #expect(checkpoint.format == format)
    FixtureExpectations.check(checkpoint.tensors, against: expected.stateDict, file)
    #expect(checkpoint.metadata["state_dict_path"] == nil)
}

@Test func nestedStateDictIsFoundWithScalarSiblingsAsMetadata() throws {
    let expected = try FixtureExpectations.load()
    let zip = try PyTorchFormat.read(from: fixture("nested_state_dict_zip.pth"))
    FixtureExpectations.check(zip.tensors, against: expected.stateDict, "nested zip")
    #expect(zip.metadata["state_dict_path"] == "state_dict")
    #expect(zip.metadata["epoch"] == "7")
    #expect(zip.metadata["best_acc"] == "0.5")
    #expect(zip.metadata["arch"] == "resnet18")
    let legacy = try PyTorchFormat.read(from: fixture("nested_model_legacy.pth"))
    FixtureExpectations.check(legacy.tensors, against: expected.stateDict, "nested legacy")
    #expect(legacy.metadata["state_dict_path"] == "model")
}

@Test(arguments: ["forbidden_global_zip.pth", "forbidden_global_legacy.pth"])
func forbiddenGlobalIsRefusedByName(file: String) {
    let path = fixture(file).path
    let error = TestFiles.error { _ = try PyTorchFormat.read(from: fixture(file)) }
    #expect(error == .forbiddenGlobal(file: path, global: "os.system"))
    #expect(error?.description.contains("'os.system'") == true)
    #expect(error?.description.hasPrefix(path) == true)
}

@Test func truncatedLegacyFileNamesTheStorage() throws {
    let bytes = try FileBytes.read(fixture("state_dict_legacy.pth"))
    let error = TestFiles.error { _ = try PyTorchFormat.decode(Array(bytes.dropLast(3)), file: "cut.pth") }
    guard case .truncated(let file, let what, _, _, _)? = error else {
        Issue.record("expected truncated, got \(String(describing: error))")
        return
    }
    #expect(file == "cut.pth")
    #expect(what.contains("storage '"))
    let early = TestFiles.error { _ = try PyTorchFormat.decode(Array(bytes.prefix(300)), file: "early.pth") }
    #expect(early?.description.hasPrefix("early.pth: truncated") == true)
}

@Test func truncatedZipFileIsReportedAsTruncated() throws {
    let bytes = try FileBytes.read(fixture("state_dict_zip.pth"))
    let error = TestFiles.error { _ = try PyTorchFormat.decode(Array(bytes.prefix(bytes.count / 2)), file: "half.pth") }
    #expect(error?.description.hasPrefix("half.pth: truncated") == true)
}

@Test func damagedZipStorageIsReportedAsCorrupted() throws {
    var bytes = try FileBytes.read(fixture("state_dict_zip.pth"))
    // The first float of storage 0 ("conv.weight", -3.0) sits right after its 64-byte-aligned header.
    let marker = Array("archive/data/0".utf8)
    let start = (0..<bytes.count - marker.count).first { Array(bytes[$0..<$0 + marker.count]) == marker }!
    let dataStart = (start + marker.count + 4 + 63) / 64 * 64
    bytes[dataStart + 1] ^= 0xff
    let error = TestFiles.error { _ = try PyTorchFormat.decode(bytes, file: "bad.pth") }
    guard case .corrupted(let file, let checksum, _, _)? = error else {
        Issue.record("expected corrupted, got \(String(describing: error))")
        return
    }
    #expect(file == "bad.pth")
    #expect(checksum.contains("archive/data/0"))
}

@Test func storageTooSmallForItsViewNamesTheKey() throws {
    // Legacy layout with one storage whose recorded element count is smaller than the view needs.
    var bytes = try FileBytes.read(fixture("state_dict_legacy.pth"))
    let keyList = try legacyKeyListEnd(bytes)
    // Storage "0" (conv.weight, 24 floats) comes first; claim it holds 20 and drop 16 bytes.
    bytes.replaceSubrange(keyList..<keyList + 8, with: [20, 0, 0, 0, 0, 0, 0, 0])
    bytes.removeSubrange(keyList + 8 + 80..<keyList + 8 + 96)
    let error = TestFiles.error { _ = try PyTorchFormat.decode(bytes, file: "short.pth") }
    #expect(error?.description.hasPrefix("short.pth: tensor 'conv.weight'") == true)
}

/// Offset just after the legacy file's fifth pickle (the storage key list).
private func legacyKeyListEnd(_ bytes: [UInt8]) throws -> Int {
    var position = 0
    for _ in 0..<5 {
        var machine = PickleMachine(bytes: bytes, file: "x", position: position) { _ in
            .storage(TorchStorageReference(key: "", dtype: .float32, elementCount: 0))
        }
        _ = try machine.run()
        position = machine.position
    }
    return position
}

@Test func notATorchFileIsUnsupported() {
    let error = TestFiles.error { _ = try PyTorchFormat.decode(Array("hello".utf8), file: "x.pth") }
    #expect(error?.description.hasPrefix("x.pth: unsupported format") == true)
    let npz = TestFiles.error { _ = try PyTorchFormat.read(from: fixture("arrays.npz")) }
    #expect(npz?.description.contains("without data.pkl") == true)
}

@Test func pthConvertsToSafetensorsUnchanged() throws {
    let folder = try TestFiles.scratchDirectory()
    let source = try PyTorchFormat.read(from: fixture("nested_state_dict_zip.pth"))
    let url = folder.appendingPathComponent("converted.safetensors")
    try SafeTensorsFormat.write(source, to: url)
    let converted = try SafeTensorsFormat.read(from: url)
    #expect(converted.tensors == source.tensors)
    #expect(converted.metadata["epoch"] == "7")
    #expect(converted.epoch == 7)
}

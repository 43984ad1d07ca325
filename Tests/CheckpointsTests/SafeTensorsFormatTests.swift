import Crypto
import Foundation
import TensorEngine
import Testing

@testable import Checkpoints

/// One tensor of every dtype, with awkward shapes (scalar, empty, rank 3).
func everyDTypeDictionary() throws -> StateDictionary {
    var tensors = StateDictionary()
    tensors["f32"] = TestFiles.storedFloats([2, 3, 4])
    tensors["f64"] = StoredTensor(try Tensor(shape: [3], doubles: [1.5, -2.25, 1e300]))
    tensors["f16"] = try StoredTensor(try Tensor(shape: [2, 2], scalars: [1, -0.5, 65504, 0.1]), as: .float16)
    tensors["bf16"] = try StoredTensor(try Tensor(shape: [2], scalars: [3.14159, -1]), as: .bfloat16)
    tensors["i64"] = try StoredTensor(integers: [Int(Int64.min), -1, 0, Int(Int64.max)], shape: [4])
    tensors["i32"] = try StoredTensor(integers: [7, -7], shape: [2, 1], dtype: .int32)
    tensors["i16"] = try StoredTensor(integers: [300], shape: [1], dtype: .int16)
    tensors["i8"] = try StoredTensor(integers: [-128, 127], shape: [2], dtype: .int8)
    tensors["u8"] = try StoredTensor(integers: [0, 255, 3], shape: [3], dtype: .uint8)
    tensors["bool"] = try StoredTensor(integers: [1, 0, 1], shape: [3], dtype: .bool)
    tensors["scalar"] = try StoredTensor(integers: [42], shape: [])
    tensors["empty"] = try StoredTensor(dtype: .float32, shape: [0, 5], bytes: [])
    return tensors
}

@Test func safetensorsRoundTripsEveryDType() throws {
    let folder = try TestFiles.scratchDirectory()
    let url = folder.appendingPathComponent("every.safetensors")
    let tensors = try everyDTypeDictionary()
    let metadata = Checkpoint.metadata(
        architecture: "resnet18", config: "SOLVER:\n  BASE_LR: 0.1 \"quoted\" \\ \u{1}",
        epoch: 12, airsVersion: "0.1.0")
    try SafeTensorsFormat.write(tensors, metadata: metadata, to: url)
    let loaded = try SafeTensorsFormat.read(from: url)
    #expect(loaded.tensors == tensors)
    #expect(loaded.tensors.names == tensors.names)
    #expect(loaded.architecture == "resnet18")
    #expect(loaded.epoch == 12)
    #expect(loaded.metadata[Checkpoint.MetadataKey.config] == metadata[Checkpoint.MetadataKey.config])
    #expect(loaded.metadata[Checkpoint.MetadataKey.dataSHA256]?.count == 64)
    #expect(try loaded.tensors["i64"]?.integers() == [Int(Int64.min), -1, 0, Int(Int64.max)])
    #expect(try loaded.tensors["f16"]?.tensor().scalars == [1, -0.5, 65504, 0.099975586])
    #expect(try loaded.tensors.tensor(named: "f64").doubles == [1.5, -2.25, 1e300])
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(leftovers == ["every.safetensors"])
}

@Test func safetensorsHeaderIsAlignedAndLittleEndian() throws {
    let bytes = SafeTensorsFormat.encode(try StateDictionary([("w", TestFiles.storedFloats([3]))]))
    let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    #expect(headerLength % 8 == 0)
    #expect(bytes[8] == UInt8(ascii: "{"))
    #expect(bytes.count == 8 + headerLength + 12)
}

@Test func integerTensorRefusesFloatConversionNamingTheKey() throws {
    let tensors = try everyDTypeDictionary()
    let error = TestFiles.error { _ = try tensors.tensor(named: "i64") }
    #expect(error?.description.contains("'i64'") == true)
    #expect(try tensors["i64"]?.floatTensor().scalars == [Float(Int64.min), -1, 0, Float(Int64.max)])
}

@Test func flippedDataByteIsReportedAsCorrupted() throws {
    var bytes = SafeTensorsFormat.encode(try StateDictionary([("w", TestFiles.storedFloats([64]))]))
    bytes[bytes.count - 5] ^= 0x10
    let error = TestFiles.error { _ = try SafeTensorsFormat.decode(bytes, file: "ckpt.safetensors") }
    guard case .corrupted(let file, _, _, _)? = error else {
        Issue.record("expected corrupted, got \(String(describing: error))")
        return
    }
    #expect(file == "ckpt.safetensors")
    #expect(error?.description.contains("corrupted") == true)
}

@Test func truncatedFileNamesFileAndKey() throws {
    let bytes = SafeTensorsFormat.encode(
        try StateDictionary([
            ("a", TestFiles.storedFloats([4])),
            ("b", TestFiles.storedFloats([64])),
        ]))
    let cut = Array(bytes.dropLast(10))
    let error = TestFiles.error { _ = try SafeTensorsFormat.decode(cut, file: "cut.safetensors") }
    guard case .truncated(let file, let what, _, _, _)? = error else {
        Issue.record("expected truncated, got \(String(describing: error))")
        return
    }
    #expect(file == "cut.safetensors")
    #expect(what.contains("'b'"))
    let tiny = TestFiles.error { _ = try SafeTensorsFormat.decode(Array(bytes.prefix(5)), file: "tiny.safetensors") }
    #expect(tiny?.description.contains("tiny.safetensors: truncated") == true)
    let headerCut = TestFiles.error { _ = try SafeTensorsFormat.decode(Array(bytes.prefix(20)), file: "h.safetensors") }
    #expect(headerCut?.description.contains("JSON header") == true)
}

@Test func headerThatLiesAboutSizesNamesTheKey() throws {
    let header = #"{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,16]}}"#
    var bytes = [UInt8]()
    bytes.appendLittleEndian(UInt64(header.utf8.count))
    bytes += Array(header.utf8) + [UInt8](repeating: 0, count: 24)
    let error = TestFiles.error { _ = try SafeTensorsFormat.decode(bytes, file: "liar.safetensors") }
    #expect(
        error
            == .inconsistentTensor(
                file: "liar.safetensors", key: "w",
                detail: "shape [2, 3] of F32 needs 24 bytes but data_offsets [0, 16] span 16"))
    let unknown = #"{"w":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}"#
    var other = [UInt8]()
    other.appendLittleEndian(UInt64(unknown.utf8.count))
    other += Array(unknown.utf8) + [0]
    let dtypeError = TestFiles.error { _ = try SafeTensorsFormat.decode(other, file: "f8.safetensors") }
    #expect(dtypeError == .unsupportedDType(file: "f8.safetensors", key: "w", dtype: "F8_E4M3"))
}

@Test func hugeHeaderLengthIsMalformedNotACrash() {
    let bytes: [UInt8] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x7b]
    let error = TestFiles.error { _ = try SafeTensorsFormat.decode(bytes, file: "x.safetensors") }
    #expect(error?.description.hasPrefix("x.safetensors: malformed") == true)
}

@Test func missingFileIsUnreadable() {
    let error = TestFiles.error {
        _ = try SafeTensorsFormat.read(from: URL(fileURLWithPath: "/nonexistent/a.safetensors"))
    }
    #expect(error == .unreadable(file: "/nonexistent/a.safetensors", reason: "no such file"))
}

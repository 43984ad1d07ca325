import Checkpoints
import Datasets
import Foundation
import TensorEngine
import Testing

@testable import ScriptLibrary

/// `EmbeddingsFile`: the safetensors layout saved sessions keep Embeddings in.
@Suite struct EmbeddingsFileTests {
    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("airs-embfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Three rows whose features include values a decimal round trip would change (NaN with a
    /// payload, -0, a subnormal, infinity) and paths with quotes, a newline and non-ASCII text.
    func sample() throws -> EmbeddingsValue {
        let bits: [UInt32] = [0x7fc0_1234, 0x8000_0000, 0x0000_0001, 0x7f80_0000, 0x3eaa_aaab, 0xc2f6_e979]
        let features = try Tensor(shape: [3, 2], scalars: bits.map(Float.init(bitPattern:)))
        let records = [
            ImageRecord(path: "/d/a \"quoted\".jpg", pid: 7, camid: 0),
            ImageRecord(path: "/d/été\nb.png", pid: -1, camid: 3),
            ImageRecord(path: "rel/c.jpg", pid: 1 << 40, camid: 12),
        ]
        return EmbeddingsValue(features: features, records: records, origin: "ResNet18 on CUB200 gallery at 32x32")
    }

    @Test func roundTripKeepsEveryBitLabelAndPath() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try sample()
        let url = dir.appendingPathComponent("emb.safetensors")
        try EmbeddingsFile.write(original, to: url)
        let back = try EmbeddingsFile.read(from: url)
        #expect(back.features.shape == original.features.shape)
        #expect(back.features.dtype == .float32)
        #expect(back.features.scalars.map(\.bitPattern) == original.features.scalars.map(\.bitPattern))
        #expect(back.records == original.records)
        #expect(back.origin == original.origin)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["emb.safetensors"],
            "no temporary file left")

        let file = try SafeTensorsFormat.read(from: url)
        #expect(file.tensors.names == ["features", "labels", "cameras"])
        #expect(file.tensors["labels"]?.dtype == .int64)
        #expect(file.metadata["airs.kind"] == "embeddings" && file.metadata["airs.format"] == "1")
    }

    @Test func emptyEmbeddingsRoundTrip() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("empty.safetensors")
        try EmbeddingsFile.write(
            EmbeddingsValue(features: try Tensor(shape: [0, 4], scalars: []), records: [], origin: "none"), to: url)
        let back = try EmbeddingsFile.read(from: url)
        #expect(back.features.shape == [0, 4] && back.records.isEmpty)
    }

    @Test func truncatedFileNamesItself() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("emb.safetensors")
        try EmbeddingsFile.write(try sample(), to: url)
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count - 5).write(to: url)
        let error = #expect(throws: (any Error).self) { try EmbeddingsFile.read(from: url) }
        let message = error.map { "\($0)" } ?? ""
        #expect(
            message.contains(url.path) && message.contains("embeddings") && message.contains("damaged"), "\(message)")
    }

    /// Writes a file with the embeddings layout, changed by `edit`, and returns the read error.
    func readError(_ edit: (inout [(String, StoredTensor)], inout [String: String]) throws -> Void) throws -> String {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("bad.safetensors")
        let good = try sample()
        var tensors: [(String, StoredTensor)] = [
            ("features", StoredTensor(good.features)),
            ("labels", try StoredTensor(integers: [7, -1, 1], shape: [3])),
            ("cameras", try StoredTensor(integers: [0, 3, 12], shape: [3])),
        ]
        var metadata = [
            "airs.kind": "embeddings", "airs.format": "1", "airs.paths": "[\"a\", \"b\", \"c\"]", "airs.origin": "o",
        ]
        try edit(&tensors, &metadata)
        try SafeTensorsFormat.write(try StateDictionary(tensors), metadata: metadata, to: url)
        return readFailureMessage(url) { _ = try EmbeddingsFile.read(from: url) }
    }

    @Test func inconsistentFilesNameTheEntry() throws {
        #expect(
            try readError { t, _ in t[1].1 = try StoredTensor(integers: [7, -1], shape: [2]) }.contains(
                "'labels' has shape [2], expected [3]"))
        #expect(
            try readError { t, _ in t[2].1 = StoredTensor(try Tensor(shape: [3], scalars: [0, 3, 12])) }.contains(
                "'cameras' is F32, expected I64"))
        #expect(try readError { t, _ in t.removeFirst() }.contains("'features' is missing"))
        #expect(
            try readError { t, _ in t[0].1 = StoredTensor(try Tensor(shape: [6], scalars: [1, 2, 3, 4, 5, 6])) }
                .contains("'features' has shape [6]"))
        #expect(try readError { _, m in m["airs.paths"] = "not json" }.contains("'airs.paths' is not a JSON list"))
        #expect(try readError { _, m in m["airs.kind"] = "result" }.contains("holds 'result', not embeddings"))
        #expect(try readError { _, m in m["airs.format"] = "9" }.contains("version 9"))
        #expect(try readError { _, m in m["airs.origin"] = nil }.contains("'airs.origin' is missing"))
    }
}

import Checkpoints
import Datasets
import Evaluation
import Foundation
import TensorEngine
import Testing

@testable import ScriptLibrary

/// `ResultFile`: the safetensors layout saved sessions keep evaluation results in.
@Suite struct ResultFileTests {
    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("airs-resultfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func records(_ role: String, _ count: Int, classes: Int, cameraOffset: Int) -> [ImageRecord] {
        (0..<count).map { ImageRecord(path: "/data/\(role)/\($0).jpg", pid: $0 % classes, camid: cameraOffset + $0) }
    }

    /// A real evaluation of seeded random features: 9 queries against 20 gallery images.
    func evaluated() throws -> ResultValue {
        var generator = RandomGenerator(seed: 11)
        let query = EmbeddingsValue(
            features: .randomNormal([9, 16], using: &generator),
            records: records("query", 9, classes: 4, cameraOffset: 0), origin: "q")
        let gallery = EmbeddingsValue(
            features: .randomNormal([20, 16], using: &generator),
            records: records("gallery", 20, classes: 5, cameraOffset: 100), origin: "g")
        return try EmbeddingFunctions.evaluate(query, gallery)
    }

    /// A hand-made result with an invalid query and ranked lists of different lengths.
    func ragged() throws -> ResultValue {
        let queries = [
            QueryResult(
                query: 0, positives: 2, firstHitRank: 1, averagePrecision: 0.5833333333333334,
                inverseNegativePenalty: 2.0 / 3,
                topGalleryIndices: [2, 0, 1], topDistances: [0.25, 0.5, -0.0]),
            QueryResult(
                query: 1, positives: 0, firstHitRank: nil, averagePrecision: nil, inverseNegativePenalty: nil,
                topGalleryIndices: [], topDistances: []),
            QueryResult(
                query: 2, positives: 1, firstHitRank: 0, averagePrecision: 1, inverseNegativePenalty: 1,
                topGalleryIndices: [1], topDistances: [Float(bitPattern: 1)]),
        ]
        let result = try EvaluationResult(metric: .euclidean, reranked: true, queries: queries, maxRank: 3)
        return ResultValue(
            result, query: records("q", 3, classes: 3, cameraOffset: 0),
            gallery: records("g", 3, classes: 3, cameraOffset: 5))
    }

    @Test func roundTripKeepsEveryQueryAndImage() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (index, original) in [try evaluated(), try ragged()].enumerated() {
            let url = dir.appendingPathComponent("r\(index).safetensors")
            try ResultFile.write(original, to: url)
            let back = try ResultFile.read(from: url)
            #expect(back.result == original.result)
            #expect(
                back.result.queries.flatMap(\.topDistances).map(\.bitPattern)
                    == original.result.queries.flatMap(\.topDistances).map(\.bitPattern))
            #expect(back.result.meanAveragePrecision.bitPattern == original.result.meanAveragePrecision.bitPattern)
            #expect(back.query == original.query && back.gallery == original.gallery)
            #expect(back.description == original.description)
        }
        #expect(
            try ResultFile.read(from: dir.appendingPathComponent("r1.safetensors")).result.queries[1].isValid == false)
    }

    /// Rewrites the file of `ragged()` with one tensor or metadata entry changed; the read error.
    func readError(_ edit: (inout StateDictionary, inout [String: String]) throws -> Void) throws -> String {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("bad.safetensors")
        try ResultFile.write(try ragged(), to: url)
        var checkpoint = try SafeTensorsFormat.read(from: url)
        try edit(&checkpoint.tensors, &checkpoint.metadata)
        try SafeTensorsFormat.write(checkpoint, to: url)
        return readFailureMessage(url) { _ = try ResultFile.read(from: url) }
    }

    @Test func inconsistentFilesNameTheEntry() throws {
        #expect(
            try readError { t, _ in
                t["top_indices"] = try StoredTensor(integers: [2, 0, 1, -1, 0, -1, 1, -1, -1], shape: [3, 3])
            }
            .contains("'top_indices' row 1 is not gallery indices"))
        #expect(
            try readError { t, _ in
                t["top_indices"] = try StoredTensor(integers: [2, 0, 9, -1, -1, -1, 1, -1, -1], shape: [3, 3])
            }
            .contains("'top_indices' row 0"))
        #expect(
            try readError { t, _ in t["query"] = try StoredTensor(integers: [0, 1, 7], shape: [3]) }.contains(
                "'query' entry 2 is 7"))
        #expect(
            try readError { t, _ in t["cmc"] = StoredTensor(try Tensor(shape: [3], doubles: [1, 1, 1])) }.contains(
                "'cmc' does not match"))
        #expect(try readError { t, _ in t["positives"] = nil }.contains("'positives' is missing"))
        #expect(
            try readError { t, _ in t["gallery_labels"] = try StoredTensor(integers: [1], shape: [1]) }.contains(
                "'gallery_labels' has shape [1], expected [3]"))
        #expect(try readError { _, m in m["airs.metric"] = "manhattan" }.contains("'airs.metric' is not one of"))
        #expect(try readError { _, m in m["airs.kind"] = "embeddings" }.contains("holds 'embeddings', not result"))
    }

    @Test func truncatedFileNamesItself() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("r.safetensors")
        try ResultFile.write(try evaluated(), to: url)
        try Data(contentsOf: url).prefix(100).write(to: url)
        let error = #expect(throws: (any Error).self) { try ResultFile.read(from: url) }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains(url.path) && message.contains("result"), "\(message)")
    }
}

import Foundation
import Testing
import TensorEngine
@testable import Evaluation

/// Aggregation, reporting and export of a small hand-checked case.
@Suite struct EvaluationResultTests {
    /// 2 queries × 4 gallery items; query 1 has no positive.
    func smallResult(topK: Int = 2) throws -> EvaluationResult {
        let distances = try Tensor(shape: [2, 4], scalars: [0.1, 0.4, 0.2, 0.3, 0.5, 0.6, 0.7, 0.8])
        let query = try RetrievalLabels(pids: [1, 9], camids: [0, 0])
        let gallery = try RetrievalLabels(pids: [2, 1, 1, 2], camids: [1, 1, 0, 1])
        return try RetrievalEvaluator(options: EvaluationOptions(topK: topK)).evaluate(distances: distances, query: query, gallery: gallery)
    }

    @Test func aggregates() throws {
        let result = try smallResult()
        // Query 0: gallery 2 removed (same id, same camera); kept order 0, 3, 1 -> positive at rank 2.
        #expect(result.validQueryCount == 1)
        #expect(result.cmc == [0, 0, 1, 1])
        #expect(result.meanAveragePrecision == 1.0 / 3)
        #expect(result.meanInverseNegativePenalty == 1.0 / 3)
        #expect(result.queries[0].topGalleryIndices == [0, 3])
        #expect(result.queries[1].topGalleryIndices == [0, 1])
        #expect(result.rank(1) == 0 && result.rank(3) == 1 && result.rank(5) == nil)
        #expect(result.worstQueries(5).map(\.query) == [0])
    }

    @Test func reportsLikeUpstream() throws {
        let result = try smallResult()
        #expect(result.report == "Validation Results \nmAP: 33.33%\nCMC curve, Rank-1  :0.00%")
        #expect(result.testAccuracyLine == "[Without Re-Ranking]mAP: 33.33%, mINP: 33.33%, rank1: 0.00% rank5: n/a rank10: n/a")
    }

    @Test func exportsCSV() throws {
        let lines = try smallResult().csv().split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1] == "0,1,1,2,0.3333333333333333,0.3333333333333333,0;3,0.1;0.3")
        #expect(lines[2] == "1,0,0,,,,0;1,0.5;0.6")
    }

    @Test func exportsNumpy() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("airs-eval-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try smallResult(topK: 3)
        try result.writeNumpy(to: directory)
        let ranks = try NumpyArrayFile.read(from: directory.appendingPathComponent("first_hit_rank.npy"))
        #expect(ranks == (try NumpyArrayFile(shape: [2], elements: .int64([2, -1]))))
        let top = try NumpyArrayFile.read(from: directory.appendingPathComponent("top_indices.npy"))
        #expect(top == (try NumpyArrayFile(shape: [2, 3], elements: .int64([0, 3, 1, 0, 1, 2]))))
        let cmc = try NumpyArrayFile.read(from: directory.appendingPathComponent("cmc.npy"))
        #expect(cmc.elements == .float64(result.cmc))
    }
}

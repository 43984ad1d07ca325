import Checkpoints
import Foundation
import TensorEngine
import Testing

@testable import Evaluation

/// Aggregation, reporting and export of a small hand-checked case.
@Suite struct EvaluationResultTests {
    /// 2 queries × 4 gallery items; query 1 has no positive.
    func smallResult(topK: Int = 2) throws -> EvaluationResult {
        let distances = try Tensor(shape: [2, 4], scalars: [0.1, 0.4, 0.2, 0.3, 0.5, 0.6, 0.7, 0.8])
        let query = try RetrievalLabels(pids: [1, 9], camids: [0, 0])
        let gallery = try RetrievalLabels(pids: [2, 1, 1, 2], camids: [1, 1, 0, 1])
        return try RetrievalEvaluator(options: EvaluationOptions(topK: topK)).evaluate(
            distances: distances, query: query, gallery: gallery)
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
        #expect(
            result.testAccuracyLine
                == "[Without Re-Ranking]mAP: 33.33%, mINP: 33.33%, rank1: 0.00% rank5: n/a rank10: n/a")
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
        let ranks = try NumPyFormat.read(from: directory.appendingPathComponent("first_hit_rank.npy"))
        #expect(ranks.shape == [2])
        #expect(try ranks.integers() == [2, -1])
        let top = try NumPyFormat.read(from: directory.appendingPathComponent("top_indices.npy"))
        #expect(top.shape == [2, 3])
        #expect(try top.integers() == [0, 3, 1, 0, 1, 2])
        let ap = try NumPyFormat.read(from: directory.appendingPathComponent("average_precision.npy"))
        #expect(ap.dtype == .float64 && ap.doubles()[0] == 1.0 / 3 && ap.doubles()[1].isNaN)
        let cmc = try NumPyFormat.read(from: directory.appendingPathComponent("cmc.npy"))
        #expect(cmc.doubles() == result.cmc)
        #expect(
            Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)) == [
                "average_precision.npy", "inverse_negative_penalty.npy", "first_hit_rank.npy", "top_indices.npy",
                "top_distances.npy", "cmc.npy",
            ])
    }
}

import Foundation
import TensorEngine

/// k-reciprocal re-ranking (Zhong et al., CVPR 2017) with upstream's formulas and parameters
/// (`utils/reranking.py`; spec evaluation.md §5). Unused by every shipped config.
///
/// The `N × N` matrices upstream builds (N = queries + gallery) are replaced by per-row top
/// lists and sparse rows, but the result is a dense `[queries, gallery]` matrix, so the sizes
/// are bounded by `itemLimit` and `outputLimit`.
public struct KReciprocalReranking: Sendable, Equatable {
    /// Neighbourhood size k1 (upstream 60).
    public var k1: Int
    /// Query-expansion size k2 (upstream 10; 1 disables it).
    public var k2: Int
    /// Weight λ of the original distance (upstream 0.3).
    public var lambda: Double

    /// Largest queries + gallery accepted.
    public static let itemLimit = 20_000
    /// Largest `queries × gallery` output accepted (float32 elements; 400 MB).
    public static let outputLimit = 100_000_000

    /// Upstream's `TEST.RE_RANKING_PARAMETER` default `[60, 10, 0.3]`.
    public init(k1: Int = 60, k2: Int = 10, lambda: Double = 0.3) {
        self.k1 = k1
        self.k2 = k2
        self.lambda = lambda
    }

    /// The re-ranked `[queries, gallery]` distance matrix from raw (unnormalised, as upstream)
    /// features `[queries, dim]` and `[gallery, dim]`; evaluate it with
    /// `RetrievalEvaluator.evaluate(distances:query:gallery:reranked: true)`.
    public func distances(queryFeatures: Tensor, galleryFeatures: Tensor) throws -> Tensor {
        let queries = try FeatureMatrix(queryFeatures, role: "query features")
        let gallery = try FeatureMatrix(galleryFeatures, role: "gallery features")
        guard queries.columns == gallery.columns else {
            throw EvaluationError.dimensionMismatch(queryDim: queries.columns, galleryDim: gallery.columns)
        }
        let total = queries.rows + gallery.rows
        guard total <= Self.itemLimit, queries.rows * gallery.rows <= Self.outputLimit else {
            throw EvaluationError.rerankingTooLarge(items: total, limit: Self.itemLimit)
        }
        guard k1 >= 1, k1 < total else {
            throw EvaluationError.invalidOption(
                name: "k1", value: k1, requirement: "between 1 and queries + gallery - 1")
        }
        guard k2 >= 1, k2 <= k1 + 1 else {
            throw EvaluationError.invalidOption(name: "k2", value: k2, requirement: "between 1 and k1 + 1")
        }
        let items = try queries.withPointer { q in
            try gallery.withPointer { g in
                Array(UnsafeBufferPointer(start: q, count: queries.rows * queries.columns))
                    + Array(UnsafeBufferPointer(start: g, count: gallery.rows * gallery.columns))
            }
        }
        let graph = ReciprocalGraph(items: items, count: total, dim: queries.columns, neighbours: k1 + 1)
        let weights = graph.expandedWeights(k1: k1, k2: k2)
        return graph.finalDistances(weights: weights, queryCount: queries.rows, lambda: Float(lambda))
    }
}

import TensorEngine

/// Whole distance matrices and full rankings, for small sets (tests, re-ranking, inspecting a
/// few queries in the shell). `RetrievalEvaluator` never builds the full matrix.
public enum DistanceMatrix {
    /// The `[queries, gallery]` float32 distance matrix, as upstream's `TEST_METRIC` computes it.
    ///
    /// - Parameters:
    ///   - queryFeatures: `[queries, dim]`.
    ///   - galleryFeatures: `[gallery, dim]`.
    public static func compute(
        queryFeatures: Tensor, galleryFeatures: Tensor,
        metric: DistanceMetric = .cosine
    ) throws -> Tensor {
        let queries = try FeatureMatrix(queryFeatures, role: "query features")
        let gallery = try FeatureMatrix(galleryFeatures, role: "gallery features")
        let block = try DistanceBlock(metric: metric, queries: queries, gallery: gallery)
        var scratch = [Float](repeating: 0, count: queries.rows * block.dim)
        return try Tensor.makeFloats([queries.rows, gallery.rows]) { output in
            try scratch.withUnsafeMutableBufferPointer { work in
                guard let target = output.baseAddress, let workBase = work.baseAddress else { return }
                try block.compute(queries: 0, queries.rows, into: target, scratch: workBase)
            }
        }
    }

    /// Gallery indices of one distance row sorted ascending, ties by index (a stable argsort:
    /// the order `RetrievalEvaluator` ranks in).
    public static func ranking(of row: [Float]) -> [Int] {
        row.indices.sorted { precedes(row[$0], $0, row[$1], $1) }
    }
}

import Checkpoints
import Datasets
import Evaluation
import Foundation
import TensorEngine

/// An evaluation `Result` as a safetensors file, as saved sessions keep it. Per query (`[Q]`):
/// `query`, `positives`, `first_hit_rank` (int64, -1 when invalid), `average_precision`,
/// `inverse_negative_penalty` (float64, NaN when invalid); `top_indices` (`[Q, K]` int64, -1
/// padded), `top_distances` (`[Q, K]` float32); `cmc` (`[R]` float64); the query and gallery
/// images as `query_labels`, `query_cameras`, `gallery_labels`, `gallery_cameras` (int64) with
/// metadata `airs.query_paths`, `airs.gallery_paths` (JSON lists). Metadata also carries
/// `airs.kind` = `result`, `airs.format` = `1`, `airs.metric` and `airs.reranked`. A result
/// that kept its embeddings adds `query_features` and `gallery_features` (`[N, D]`) with
/// metadata `airs.query_origin` and `airs.gallery_origin` (files without them still read). Reading
/// rebuilds the aggregates from the per-query results and checks them against the stored CMC.
public enum ResultFile {
    /// The `airs.kind` of the file.
    public static let kind = "result"

    /// Writes `value` to `url` atomically (temporary file, then rename).
    public static func write(_ value: ResultValue, to url: URL) throws {
        let queries = value.result.queries
        let width = queries.map(\.topGalleryIndices.count).max() ?? 0
        var indices: [Int] = []
        var distances: [Float] = []
        for query in queries {
            let padding = width - query.topGalleryIndices.count
            indices += query.topGalleryIndices + Array(repeating: -1, count: padding)
            distances += query.topDistances + Array(repeating: 0, count: padding)
        }
        let count = queries.count
        func integers(_ values: [Int]) throws -> StoredTensor { try StoredTensor(integers: values, shape: [count]) }
        func doubles(_ values: [Double]) throws -> StoredTensor {
            StoredTensor(try Tensor(shape: [values.count], doubles: values))
        }
        var tensors: [(String, StoredTensor)] = [
            ("query", try integers(queries.map(\.query))),
            ("positives", try integers(queries.map(\.positives))),
            ("first_hit_rank", try integers(queries.map { $0.firstHitRank ?? -1 })),
            ("average_precision", try doubles(queries.map { $0.averagePrecision ?? .nan })),
            ("inverse_negative_penalty", try doubles(queries.map { $0.inverseNegativePenalty ?? .nan })),
            ("top_indices", try StoredTensor(integers: indices, shape: [count, width])),
            ("top_distances", StoredTensor(try Tensor(shape: [count, width], scalars: distances))),
            ("cmc", try doubles(value.result.cmc)),
        ]
        var metadata = ["airs.metric": value.result.metric.rawValue, "airs.reranked": "\(value.result.reranked)"]
        for (prefix, records) in [("query_", value.query), ("gallery_", value.gallery)] {
            let columns = try ObjectFile.columns(of: records, prefix: prefix)
            tensors += columns.tensors
            metadata.merge(columns.metadata) { $1 }
        }
        if let (query, gallery) = value.embeddings {
            tensors += [
                ("query_features", StoredTensor(query.features)),
                ("gallery_features", StoredTensor(gallery.features)),
            ]
            metadata["airs.query_origin"] = query.origin
            metadata["airs.gallery_origin"] = gallery.origin
        }
        try ObjectFile.write(kind: kind, tensors: tensors, metadata: metadata, to: url)
    }

    /// The result `write(_:to:)` saved at `url`; a damaged file throws an error naming it and
    /// the entry that is wrong.
    public static func read(from url: URL) throws -> ResultValue {
        let file = try ObjectFile(reading: url, kind: kind)
        let queryRecords = try file.records(prefix: "query_")
        let gallery = try file.records(prefix: "gallery_")
        let count = try file.tensor("query", shape: [nil]).shape[0]
        let rows = try file.integers("query", count: count)
        let positives = try file.integers("positives", count: count)
        let firstHits = try file.integers("first_hit_rank", count: count)
        let precisions = try file.doubles("average_precision", count: count)
        let penalties = try file.doubles("inverse_negative_penalty", count: count)
        let storedIndices = try file.tensor("top_indices", shape: [count, nil])
        let width = storedIndices.shape[1]
        let storedDistances = try file.tensor("top_distances", shape: [count, width])
        guard storedIndices.dtype == .int64 else {
            throw file.fault(key: "top_indices", "is \(storedIndices.dtype.rawValue), expected I64")
        }
        guard storedDistances.dtype == .float32 else {
            throw file.fault(key: "top_distances", "is \(storedDistances.dtype.rawValue), expected F32")
        }
        let indices = try storedIndices.integers()
        let distances = try storedDistances.tensor().scalars
        let cmcCount = try file.tensor("cmc", shape: [nil]).shape[0]
        let cmc = try file.doubles("cmc", count: cmcCount)
        var queries: [QueryResult] = []
        for q in 0..<count {
            let row = indices[q * width..<(q + 1) * width]
            let kept = row.prefix { $0 >= 0 }
            guard row.dropFirst(kept.count).allSatisfy({ $0 == -1 }), kept.allSatisfy({ $0 < gallery.count }) else {
                throw file.fault(
                    key: "top_indices", "row \(q) is not gallery indices (0..<\(gallery.count)) followed by -1 padding")
            }
            guard (0..<queryRecords.count).contains(rows[q]) else {
                throw file.fault(
                    key: "query", "entry \(q) is \(rows[q]), not a query index (0..<\(queryRecords.count))")
            }
            queries.append(
                QueryResult(
                    query: rows[q], positives: positives[q], firstHitRank: firstHits[q] < 0 ? nil : firstHits[q],
                    averagePrecision: precisions[q].isNaN ? nil : precisions[q],
                    inverseNegativePenalty: penalties[q].isNaN ? nil : penalties[q],
                    topGalleryIndices: Array(kept), topDistances: Array(distances[q * width..<(q * width + kept.count)])
                ))
        }
        guard let metric = DistanceMetric(rawValue: try file.metadata("airs.metric")) else {
            throw file.fault(key: "airs.metric", "is not one of \(DistanceMetric.allCases.map(\.rawValue))")
        }
        let result: EvaluationResult
        do {
            result = try EvaluationResult(
                metric: metric, reranked: try file.metadata("airs.reranked") == "true", queries: queries,
                maxRank: cmc.count)
        } catch {
            throw file.fault(key: "first_hit_rank", "gives no valid query: \(error)")
        }
        guard result.cmc == cmc else { throw file.fault(key: "cmc", "does not match the per-query results") }
        return ResultValue(
            result, query: queryRecords, gallery: gallery,
            embeddings: try embeddings(file, query: queryRecords, gallery: gallery))
    }

    /// The query and gallery embeddings, when the file kept them.
    private static func embeddings(_ file: ObjectFile, query: [ImageRecord], gallery: [ImageRecord]) throws
        -> (query: EmbeddingsValue, gallery: EmbeddingsValue)?
    {
        guard file.checkpoint.tensors["query_features"] != nil else { return nil }
        let sides = try [("query", query), ("gallery", gallery)].map { side, records in
            let stored = try file.tensor("\(side)_features", shape: [records.count, nil])
            guard stored.dtype == .float32 || stored.dtype == .float64 else {
                throw file.fault(
                    key: "\(side)_features",
                    "is \(stored.dtype.rawValue), expected F32 or F64")
            }
            return EmbeddingsValue(
                features: try stored.tensor(), records: records,
                origin: try file.metadata("airs.\(side)_origin"))
        }
        return (sides[0], sides[1])
    }
}

import Checkpoints
import Foundation

/// `Embeddings` as a safetensors file, as saved sessions keep them: tensor `features`
/// (`[N, D]`, float32 or float64 as computed), `labels` and `cameras` (`[N]` int64); metadata
/// `airs.kind` = `embeddings`, `airs.format` = `1`, `airs.paths` (a JSON list of the N image
/// paths) and `airs.origin`. Reading gives back the same bits, labels and paths.
public enum EmbeddingsFile {
    /// The `airs.kind` of the file.
    public static let kind = "embeddings"

    /// Writes `embeddings` to `url` atomically (temporary file, then rename).
    public static func write(_ embeddings: EmbeddingsValue, to url: URL) throws {
        let columns = try ObjectFile.columns(of: embeddings.records, prefix: "")
        var metadata = columns.metadata
        metadata["airs.origin"] = embeddings.origin
        try ObjectFile.write(
            kind: kind, tensors: [("features", StoredTensor(embeddings.features))] + columns.tensors,
            metadata: metadata, to: url)
    }

    /// The embeddings `write(_:to:)` saved at `url`; a damaged file throws an error naming it
    /// and the entry that is wrong.
    public static func read(from url: URL) throws -> EmbeddingsValue {
        let file = try ObjectFile(reading: url, kind: kind)
        let records = try file.records(prefix: "")
        let stored = try file.tensor("features", shape: [records.count, nil])
        guard stored.dtype == .float32 || stored.dtype == .float64 else {
            throw file.fault(key: "features", "is \(stored.dtype.rawValue), expected F32 or F64")
        }
        return EmbeddingsValue(
            features: try stored.tensor(), records: records, origin: try file.metadata("airs.origin"))
    }
}

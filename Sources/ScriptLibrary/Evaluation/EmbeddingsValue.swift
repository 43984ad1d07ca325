import Datasets
import ScriptLanguage
import TensorEngine

/// The retrieval embeddings of a dataset split (type `Embeddings`), kept with the images and
/// labels they came from, so `evaluate(q, g)`, `project(emb, to:)`, `neighbors(emb, i, k)` and
/// `export(emb, "emb.npy")` need nothing else. Anywhere a tensor is expected, the `[N, D]`
/// features are used; `emb[i]` is row i.
public final class EmbeddingsValue: HostObject {
    /// `[images, dim]` float32 features, one row per record.
    public let features: Tensor
    /// The images, in row order.
    public let records: [ImageRecord]
    /// What made them: `ResNet18 on CUB200 gallery at 64x64`.
    public let origin: String

    /// Pairs features with their records.
    public init(features: Tensor, records: [ImageRecord], origin: String) {
        self.features = features
        self.records = records
        self.origin = origin
    }

    /// `"Embeddings"`.
    public var typeName: String { "Embeddings" }

    /// `<Embeddings [120, 512]: ResNet18 on CUB200 gallery at 64x64, 20 classes>`.
    public var description: String {
        "<Embeddings \(features.shape): \(origin), \(Set(records.map(\.pid)).count) classes>"
    }

    /// The properties a script can read.
    public var attributeNames: [String] { ["features", "shape", "labels", "paths", "cameras", "origin"] }

    /// The features tensor, its shape, or the records' labels, paths and cameras.
    public func attribute(_ name: String) throws -> Value? {
        switch name {
        case "features": return .tensor(features)
        case "shape": return .integers(features.shape)
        case "labels": return .integers(records.map(\.pid))
        case "paths": return .strings(records.map(\.path))
        case "cameras": return .integers(records.map(\.camid))
        case "origin": return .string(origin)
        default: return nil
        }
    }

    /// The number of rows.
    public var length: Int? { records.count }

    /// `emb[i]`: row i as a `[dim]` tensor.
    public func subscriptGet(_ indices: [IndexValue]) throws -> Value? {
        guard indices.count == 1, case .single = indices[0] else {
            throw ScriptError(.type, "embeddings are indexed by one row number: emb[3] (emb.features[…] slices)")
        }
        return .tensor(try features.select(axis: 0, index: try indices[0].positions(count: records.count)[0]))
    }
}

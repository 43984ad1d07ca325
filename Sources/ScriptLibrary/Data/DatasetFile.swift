import Checkpoints
import Datasets
import Foundation

/// A `Dataset` as a safetensors file, as saved sessions keep it: its three splits' labels and
/// cameras (`train.labels`, `query.cameras`, … as `[N]` int64) with the image paths, its name
/// and its image size in the metadata. The images stay where they are; reading gives back the
/// same records, so the dataset reopens without reading its folder again.
public enum DatasetFile {
    /// The `airs.kind` of the file.
    public static let kind = "dataset"

    /// Writes `dataset` to `url` atomically (temporary file, then rename).
    public static func write(_ dataset: DatasetObject, to url: URL) throws {
        var tensors: [(String, StoredTensor)] = []
        var metadata = [
            "airs.name": dataset.dataset.name,
            "airs.size": "\(dataset.transform.height) \(dataset.transform.width)",
        ]
        for (prefix, records) in splits(of: dataset.dataset) {
            let columns = try ObjectFile.columns(of: records, prefix: prefix)
            tensors += columns.tensors
            metadata.merge(columns.metadata) { $1 }
        }
        try ObjectFile.write(kind: kind, tensors: tensors, metadata: metadata, to: url)
    }

    /// The dataset `write(_:to:)` saved at `url`; a damaged file throws an error naming it and
    /// the entry that is wrong.
    public static func read(from url: URL) throws -> DatasetObject {
        let file = try ObjectFile(reading: url, kind: kind)
        let size = try file.metadata("airs.size").split(separator: " ").compactMap { Int($0) }
        guard size.count == 2, size.allSatisfy({ $0 > 0 }) else {
            throw file.fault(key: "airs.size", "is not 'HEIGHT WIDTH'")
        }
        // The training labels were remapped to 0..<classes when the dataset was read, and
        // remapping them again changes nothing.
        let dataset = RetrievalDataset(
            name: try file.metadata("airs.name"), rawTrain: try file.records(prefix: "train."),
            query: try file.records(prefix: "query."), gallery: try file.records(prefix: "gallery.")
        )
        return DatasetObject(dataset, transform: .test(height: size[0], width: size[1]))
    }

    private static func splits(of dataset: RetrievalDataset) -> [(String, [ImageRecord])] {
        [("train.", dataset.train), ("query.", dataset.query), ("gallery.", dataset.gallery)]
    }
}

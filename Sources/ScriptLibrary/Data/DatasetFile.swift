import Checkpoints
import Datasets
import Foundation

/// A `Dataset` as a safetensors file, as saved sessions keep it: for each split `train_`,
/// `query_` and `gallery_` its `labels` and `cameras` (int64) with the paths in metadata
/// `airs.SPLIT_paths`, and `airs.name`, `airs.height`, `airs.width` (the size images are read
/// at). The images stay where they are: a restored dataset reads them from the same paths.
public enum DatasetFile {
    /// The `airs.kind` of the file.
    public static let kind = "dataset"

    private static let splits = ["train_", "query_", "gallery_"]

    /// Writes `object` to `url` atomically.
    public static func write(_ object: DatasetObject, to url: URL) throws {
        var tensors: [(String, StoredTensor)] = []
        var metadata = [
            "airs.name": object.dataset.name, "airs.height": "\(object.transform.height)",
            "airs.width": "\(object.transform.width)",
        ]
        let records = [object.dataset.train, object.dataset.query, object.dataset.gallery]
        for (prefix, split) in zip(splits, records) {
            let columns = try ObjectFile.columns(of: split, prefix: prefix)
            tensors += columns.tensors
            metadata.merge(columns.metadata) { $1 }
        }
        try ObjectFile.write(kind: kind, tensors: tensors, metadata: metadata, to: url)
    }

    /// The dataset `write(_:to:)` saved at `url`; a damaged file throws an error naming it and
    /// the entry that is wrong.
    public static func read(from url: URL) throws -> DatasetObject {
        let file = try ObjectFile(reading: url, kind: kind)
        let split = try splits.map { try file.records(prefix: $0) }
        guard let height = Int(try file.metadata("airs.height")), height > 0 else {
            throw file.fault(key: "airs.height", "is not a positive whole number")
        }
        guard let width = Int(try file.metadata("airs.width")), width > 0 else {
            throw file.fault(key: "airs.width", "is not a positive whole number")
        }
        // Training labels were remapped to 0..<classes when read; remapping them again keeps them.
        let dataset = RetrievalDataset(
            name: try file.metadata("airs.name"), rawTrain: split[0], query: split[1],
            gallery: split[2])
        return DatasetObject(dataset, transform: .test(height: height, width: width))
    }
}

import Datasets
import Foundation
import ScriptLanguage
import TensorEngine

/// A retrieval dataset as a script value (type `Dataset`): split sizes and classes as
/// attributes, `len(ds)` and `ds[i]` over the training split (`[image, label]`, the image a
/// `[3, size, size]` tensor after the test transform), and `ds.query` / `ds.gallery` /
/// `ds.train` as indexable splits.
public final class DatasetObject: HostObject {
    /// The dataset's records.
    public let dataset: RetrievalDataset
    /// The transform `ds[i]` applies.
    public let transform: ImageTransform

    /// Wraps `dataset`, giving images through `transform`.
    public init(_ dataset: RetrievalDataset, transform: ImageTransform) {
        self.dataset = dataset
        self.transform = transform
    }

    /// `"Dataset"`.
    public var typeName: String { "Dataset" }

    /// Name, classes and split sizes.
    public var description: String {
        "<Dataset \(dataset.name): \(dataset.numClasses) training classes, train \(dataset.train.count), "
            + "query \(dataset.query.count), gallery \(dataset.gallery.count) images, \(transform.height)x\(transform.width)>"
    }

    /// The properties a script can read.
    public var attributeNames: [String] {
        ["name", "classes", "train_size", "query_size", "gallery_size", "train", "query", "gallery", "statistics"]
    }

    /// Sizes, names, or a split.
    public func attribute(_ name: String) throws -> Value? {
        switch name {
        case "name": return .string(dataset.name)
        case "classes": return .number(Double(dataset.numClasses))
        case "train_size": return .number(Double(dataset.train.count))
        case "query_size": return .number(Double(dataset.query.count))
        case "gallery_size": return .number(Double(dataset.gallery.count))
        case "train", "query", "gallery": return split(name).map(Value.host)
        case "statistics": return .string(dataset.statistics)
        default: return nil
        }
    }

    /// The split called `name` (`train`, `query` or `gallery`), or nil.
    public func split(_ name: String) -> DatasetSplit? {
        switch name {
        case "train":
            return DatasetSplit(name: name, dataset: dataset.name, records: dataset.train, transform: transform)
        case "query":
            return DatasetSplit(name: name, dataset: dataset.name, records: dataset.query, transform: transform)
        case "gallery":
            return DatasetSplit(name: name, dataset: dataset.name, records: dataset.gallery, transform: transform)
        default: return nil
        }
    }

    /// The training split's size.
    public var length: Int? { dataset.train.count }

    /// `ds[i]`: `[image, label]` from the training split.
    public func subscriptGet(_ indices: [IndexValue]) throws -> Value? {
        try split("train")?.subscriptGet(indices)
    }
}

/// One split of a dataset (type `DatasetSplit`): `len(split)`, `split[i]` → `[image, label]`,
/// `split.paths` and `split.labels`.
public final class DatasetSplit: HostObject {
    /// `train`, `query` or `gallery`.
    public let name: String
    /// The name of the dataset it belongs to.
    public let dataset: String
    /// The split's records.
    public let records: [ImageRecord]
    /// The transform images go through.
    public let transform: ImageTransform

    init(name: String, dataset: String, records: [ImageRecord], transform: ImageTransform) {
        self.name = name
        self.dataset = dataset
        self.records = records
        self.transform = transform
    }

    /// `"DatasetSplit"`.
    public var typeName: String { "DatasetSplit" }

    /// `<DatasetSplit query: 120 images>`.
    public var description: String { "<DatasetSplit \(dataset) \(name): \(records.count) images>" }

    /// The properties a script can read.
    public var attributeNames: [String] { ["paths", "labels", "cameras"] }

    /// Every image's path, label (pid) or camera id.
    public func attribute(_ name: String) throws -> Value? {
        switch name {
        case "paths": return .strings(records.map(\.path))
        case "labels": return .integers(records.map(\.pid))
        case "cameras": return .integers(records.map(\.camid))
        default: return nil
        }
    }

    /// The number of images.
    public var length: Int? { records.count }

    /// `split[i]`: the decoded, transformed image and its label.
    public func subscriptGet(_ indices: [IndexValue]) throws -> Value? {
        guard indices.count == 1, case .single = indices[0] else {
            throw ScriptError(.type, "a dataset is indexed by one whole number: ds[3]")
        }
        let position = try indices[0].positions(count: records.count)[0]
        let record = records[position]
        let image = try ImageCodec.decode(contentsOf: URL(fileURLWithPath: record.path))
        var rng = RandomGenerator(seed: 0)
        return .list([.tensor(transform.apply(image, using: &rng)), .number(Double(record.pid))])
    }
}

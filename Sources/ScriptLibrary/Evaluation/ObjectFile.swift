import Checkpoints
import Datasets
import Foundation
import ScriptLanguage

/// A script object written as one safetensors file (Embeddings, evaluation results): named
/// tensors plus string metadata `airs.kind` and `airs.format`. Reading checks both and reports
/// every missing or mis-shaped entry with the file and the key, so a damaged file says where.
struct ObjectFile {
    /// The metadata key naming what the file holds (`embeddings`, `result`).
    static let kindKey = "airs.kind"
    /// The metadata key of the layout version.
    static let formatKey = "airs.format"
    /// The layout version written and read.
    static let format = "1"

    let checkpoint: Checkpoint
    let path: String

    /// Reads `url` and checks it holds a `kind` object in a layout this AIRS reads.
    init(reading url: URL, kind: String) throws {
        path = url.path
        do {
            checkpoint = try SafeTensorsFormat.read(from: url)
        } catch {
            // Checkpoint errors already start with the file's path.
            let detail = "\(error)".contains(url.path) ? "\(error)" : "\(url.path): \(error)"
            throw ScriptError(
                .value, "cannot read the saved \(kind): \(detail)",
                hint: "the file is damaged; run the cell that made the \(kind) again")
        }
        let found = checkpoint.metadata[Self.kindKey] ?? "(none)"
        guard found == kind else { throw fault(key: Self.kindKey, "holds '\(found)', not \(kind)") }
        let format = checkpoint.metadata[Self.formatKey] ?? "(none)"
        guard format == Self.format else {
            throw fault(key: Self.formatKey, "is version \(format); this AIRS reads version \(Self.format)")
        }
    }

    /// The error for a bad entry: file, key and what is wrong.
    func fault(key: String, _ detail: String) -> ScriptError {
        ScriptError(.value, "the saved object \(path) is damaged: '\(key)' \(detail)")
    }

    /// Metadata entry `key`.
    func metadata(_ key: String) throws -> String {
        guard let value = checkpoint.metadata[key] else { throw fault(key: key, "is missing from the metadata") }
        return value
    }

    /// Tensor `name`, checked to have `shape` where a dimension is given (nil: any size).
    func tensor(_ name: String, shape: [Int?]) throws -> StoredTensor {
        guard let stored = checkpoint.tensors[name] else { throw fault(key: name, "is missing") }
        guard stored.shape.count == shape.count, zip(stored.shape, shape).allSatisfy({ $1 == nil || $0 == $1 }) else {
            let expected = shape.map { $0.map(String.init) ?? "_" }.joined(separator: ", ")
            throw fault(key: name, "has shape \(stored.shape), expected [\(expected)]")
        }
        return stored
    }

    /// The int64 tensor `name` of `count` elements.
    func integers(_ name: String, count: Int) throws -> [Int] {
        let stored = try tensor(name, shape: [count])
        guard stored.dtype == .int64 else { throw fault(key: name, "is \(stored.dtype.rawValue), expected I64") }
        return try stored.integers()
    }

    /// The float64 tensor `name` of `count` elements.
    func doubles(_ name: String, count: Int) throws -> [Double] {
        let stored = try tensor(name, shape: [count])
        guard stored.dtype == .float64 else { throw fault(key: name, "is \(stored.dtype.rawValue), expected F64") }
        return stored.doubles()
    }

    /// The records written by `columns(of:prefix:)`: `PREFIXlabels`, `PREFIXcameras` and the
    /// paths in metadata `airs.PREFIXpaths`.
    func records(prefix: String) throws -> [ImageRecord] {
        let pathsKey = "airs.\(prefix)paths"
        guard let data = try metadata(pathsKey).data(using: .utf8),
            let paths = (try? JSONSerialization.jsonObject(with: data)) as? [String]
        else {
            throw fault(key: pathsKey, "is not a JSON list of strings")
        }
        let labels = try integers("\(prefix)labels", count: paths.count)
        let cameras = try integers("\(prefix)cameras", count: paths.count)
        return paths.indices.map { ImageRecord(path: paths[$0], pid: labels[$0], camid: cameras[$0]) }
    }

    /// The tensors and metadata entry `records(prefix:)` reads back.
    static func columns(of records: [ImageRecord], prefix: String) throws -> (
        tensors: [(String, StoredTensor)], metadata: [String: String]
    ) {
        let paths = try JSONSerialization.data(withJSONObject: records.map(\.path), options: [.withoutEscapingSlashes])
        let tensors = [
            ("\(prefix)labels", try StoredTensor(integers: records.map(\.pid), shape: [records.count])),
            ("\(prefix)cameras", try StoredTensor(integers: records.map(\.camid), shape: [records.count])),
        ]
        return (tensors, ["airs.\(prefix)paths": String(decoding: paths, as: UTF8.self)])
    }

    /// Writes `tensors` and `metadata` (with kind and format) to `url` atomically: a temporary
    /// file renamed into place.
    static func write(kind: String, tensors: [(String, StoredTensor)], metadata: [String: String], to url: URL) throws {
        var metadata = metadata
        metadata[kindKey] = kind
        metadata[formatKey] = format
        try SafeTensorsFormat.write(try StateDictionary(tensors, file: url.path), metadata: metadata, to: url)
    }
}

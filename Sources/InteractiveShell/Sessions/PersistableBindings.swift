import Checkpoints
import Configuration
import Foundation
import ScriptLanguage
import ScriptLibrary

/// Tensors are saved as one-entry safetensors files.
extension TensorValue: PersistableHostObject {
    /// `"tensor"`.
    public var persistenceKind: String { "tensor" }
    /// `"safetensors"`.
    public var persistenceExtension: String { "safetensors" }

    /// Writes the tensor under the name `tensor`.
    public func persist(to url: URL) throws {
        try SafeTensorsFormat.write(try StateDictionary(tensors: [("tensor", tensor)], file: url.path), to: url)
    }
}

/// Configs are saved as the YAML they print.
extension ConfigObject: PersistableHostObject {
    /// `"config"`.
    public var persistenceKind: String { "config" }
    /// `"yaml"`.
    public var persistenceExtension: String { "yaml" }

    /// Writes the config as YAML.
    public func persist(to url: URL) throws {
        try Data(config.yaml().utf8).write(to: url)
    }
}

/// Runs are saved as resumable checkpoints: weights, optimizer momentum, schedule position,
/// generator, epoch and step, loss history and config, so a restored run goes on exactly.
extension RunValue: PersistableHostObject {
    /// `"run"`.
    public var persistenceKind: String { "run" }
    /// `"safetensors"`.
    public var persistenceExtension: String { "safetensors" }

    /// Writes the run's resume state and config.
    public func persist(to url: URL) throws {
        try writeCheckpoint(to: url)
    }
}

/// Models are saved as weights with their architecture, classes and mode.
extension ModelObject: PersistableHostObject {
    /// `"model"`.
    public var persistenceKind: String { "model" }
    /// `"safetensors"`.
    public var persistenceExtension: String { "safetensors" }

    /// Writes the weights and what rebuilding the network needs.
    public func persist(to url: URL) throws {
        try ModelCheckpoint.write(self, to: url)
    }
}

/// Embeddings are saved as a safetensors file of features, labels and cameras, with the paths
/// in its metadata (see `EmbeddingsFile`).
extension EmbeddingsValue: PersistableHostObject {
    /// `"embeddings"`.
    public var persistenceKind: String { EmbeddingsFile.kind }
    /// `"safetensors"`.
    public var persistenceExtension: String { "safetensors" }

    /// Writes the features, labels, cameras, paths and origin.
    public func persist(to url: URL) throws {
        try EmbeddingsFile.write(self, to: url)
    }
}

/// Evaluation results are saved as a safetensors file of per-query results, the CMC and the
/// query and gallery images (see `ResultFile`), so `worst_queries` and `ranked` work after a restore.
extension ResultValue: PersistableHostObject {
    /// `"result"`.
    public var persistenceKind: String { ResultFile.kind }
    /// `"safetensors"`.
    public var persistenceExtension: String { "safetensors" }

    /// Writes the per-query results and the images they rank.
    public func persist(to url: URL) throws {
        try ResultFile.write(self, to: url)
    }
}

/// Datasets are saved as their records and image size (see `DatasetFile`); the images stay
/// in their folder.
extension DatasetObject: PersistableHostObject {
    /// `"dataset"`.
    public var persistenceKind: String { DatasetFile.kind }
    /// `"safetensors"`.
    public var persistenceExtension: String { "safetensors" }

    /// Writes the records of the three splits, the name and the image size.
    public func persist(to url: URL) throws {
        try DatasetFile.write(self, to: url)
    }
}

/// Reports (a checkpoint inspection, a diff, a model summary) are saved as JSON: their type,
/// the text they print and their plain fields.
extension ReportObject: PersistableHostObject {
    /// `"report"`.
    public var persistenceKind: String { "report" }
    /// `"json"`.
    public var persistenceExtension: String { "json" }

    /// Writes the type name, the text and every field JSON can carry.
    public func persist(to url: URL) throws {
        let fields: [[Any]] = attributeNames.compactMap { name in
            (try? attribute(name)).flatMap { $0 }.flatMap(ValueCoding.encode).map { [name, $0] }
        }
        let object: [String: Any] = ["type": typeName, "text": description, "fields": fields]
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: url)
    }

    /// The report `persist(to:)` wrote at `url`.
    static func restore(from url: URL) throws -> ReportObject {
        let data = try Data(contentsOf: url)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let type = object["type"] as? String, let text = object["text"] as? String,
            let entries = object["fields"] as? [[Any]]
        else {
            throw ShellError.damagedSession(
                path: url.path, reason: "a saved report needs type, text and fields")
        }
        let fields = try entries.map { entry -> (String, Value) in
            guard entry.count == 2, let name = entry[0] as? String else {
                throw ShellError.damagedSession(
                    path: url.path, reason: "a report field is not a [name, value] pair")
            }
            return (name, try ValueCoding.decode(entry[1]))
        }
        return ReportObject(typeName: type, text: text, fields: fields)
    }
}

enum PersistableBindings {
    /// Registers the restorers of the persistable ScriptLibrary types (once per process).
    static let registered: Bool = {
        PersistableObjects.register(kind: "tensor") { url in
            .host(TensorValue(try SafeTensorsFormat.read(from: url).tensors.tensor(named: "tensor")))
        }
        PersistableObjects.register(kind: "config") { url in
            do throws(ConfigError) {
                return .host(ConfigObject(try Config.load(file: url.path)))
            } catch {
                throw error
            }
        }
        PersistableObjects.register(kind: "run") { url in .host(try RunValue.restore(from: url)) }
        PersistableObjects.register(kind: "model") { url in .host(try ModelCheckpoint.read(from: url)) }
        PersistableObjects.register(kind: EmbeddingsFile.kind) { url in .host(try EmbeddingsFile.read(from: url)) }
        PersistableObjects.register(kind: ResultFile.kind) { url in .host(try ResultFile.read(from: url)) }
        PersistableObjects.register(kind: DatasetFile.kind) { url in .host(try DatasetFile.read(from: url)) }
        PersistableObjects.register(kind: "report") { url in .host(try ReportObject.restore(from: url)) }
        return true
    }()
}

import Foundation
import ScriptLanguage

/// A host object that can write itself into a saved session and be read back (a tensor as
/// safetensors, a config as YAML, a model or run as a checkpoint). Bindings adopt it and
/// register a restorer for their `persistenceKind` with `PersistableObjects.register`.
public protocol PersistableHostObject: HostObject {
    /// A stable name for the kind of file written (`"tensor"`, `"config"`); keys the restorer.
    var persistenceKind: String { get }
    /// The file extension of the written file (`"safetensors"`, `"yaml"`).
    var persistenceExtension: String { get }
    /// Writes the object to `url`.
    func persist(to url: URL) throws
}

/// The restorers of persistable host objects, by `persistenceKind`.
public enum PersistableObjects {
    /// Reads an object of one kind back from its file.
    public typealias Restorer = @Sendable (URL) throws -> Value

    nonisolated(unsafe) private static var restorers: [String: Restorer] = [:]
    private static let lock = NSLock()

    /// Registers how objects of `kind` are read back from a session.
    public static func register(kind: String, restore: @escaping Restorer) {
        lock.lock()
        defer { lock.unlock() }
        restorers[kind] = restore
    }

    /// The restorer for `kind`, if one was registered.
    static func restorer(for kind: String) -> Restorer? {
        lock.lock()
        defer { lock.unlock() }
        return restorers[kind]
    }
}

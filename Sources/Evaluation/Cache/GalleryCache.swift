import Checkpoints
import Foundation
import TensorEngine

/// An on-disk cache of gallery embeddings (`<directory>/<key digest>.npy`, float32
/// `[gallery, dim]`). The teacher is frozen, so its gallery embeddings are reused across epochs
/// and methods as long as the key (weights, gallery list, transform) is unchanged.
public struct GalleryCache: Sendable {
    /// Where the entries live.
    public let directory: URL
    private let log: @Sendable (String) -> Void

    /// A cache in `directory` (created on first store); `log` receives one line per hit,
    /// store, or ignored corrupt entry.
    public init(directory: URL, log: @escaping @Sendable (String) -> Void = { print($0) }) {
        self.directory = directory
        self.log = log
    }

    /// The file an entry for `key` lives in.
    public func url(for key: GalleryCacheKey) -> URL {
        directory.appendingPathComponent(key.digest + ".npy")
    }

    /// The cached `[gallery, dim]` features for `key`, or nil when absent. An unreadable entry
    /// is reported in the log and treated as absent (the next store replaces it).
    public func lookup(key: GalleryCacheKey) -> Tensor? {
        let file = url(for: key)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        do {
            let stored = try NumPyFormat.read(from: file)
            guard stored.shape.count == 2, stored.dtype == .float32 else {
                throw EvaluationError.file(
                    path: file.path,
                    message: "holds \(stored.dtype.rawValue) \(stored.shape), "
                        + "not float32 [gallery, dim]")
            }
            let features = try stored.tensor()
            log(
                "gallery cache: reusing \(stored.shape[0])×\(stored.shape[1]) gallery embeddings (key \(key)) from \(file.path)"
            )
            return features
        } catch {
            log("gallery cache: ignoring unreadable entry \(file.path): \(error)")
            return nil
        }
    }

    /// Stores `features` (`[gallery, dim]`) under `key` atomically: written to a temporary
    /// file in the same directory, then renamed over the entry (`AtomicFile`).
    public func store(key: GalleryCacheKey, features: Tensor) throws {
        let matrix = try FeatureMatrix(features, role: "gallery features")
        let file = url(for: key)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try NumPyFormat.write(matrix.tensor, to: file)
        } catch {
            throw EvaluationError.file(path: file.path, message: "cannot store the gallery cache: \(error)")
        }
        log("gallery cache: stored \(matrix.rows)×\(matrix.columns) gallery embeddings (key \(key)) in \(file.path)")
    }
}

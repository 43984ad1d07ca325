import Checkpoints
import Crypto
import Foundation

/// What gallery embeddings depend on, hashed: the frozen teacher's weights, the gallery image
/// list (order included) and the test transform. Any change gives a different key, so a stale
/// cache entry is never read.
public struct GalleryCacheKey: Hashable, Sendable, CustomStringConvertible {
    /// SHA-256 of the parts, 64 hex digits; also the cache file's name.
    public let digest: String

    /// Hashes `parts` in order, each prefixed by its length so that no two part lists collide
    /// by concatenation.
    public init(parts: [Data]) {
        var hasher = SHA256()
        for part in parts {
            let length = UInt64(part.count)
            hasher.update(data: (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) })
            hasher.update(data: part)
        }
        digest = hasher.finalize().hexDigits
    }

    /// The key for a teacher checkpoint file (its bytes are hashed), the gallery image list and
    /// a description of the test transform (e.g. `"resize 256x128, normalize imagenet"`).
    public init(teacherCheckpoint: URL, galleryImages: [String], transform: String) throws {
        let bytes: Data
        do { bytes = try Data(contentsOf: teacherCheckpoint, options: .alwaysMapped) } catch {
            throw EvaluationError.file(
                path: teacherCheckpoint.path,
                message: "cannot read the teacher checkpoint to key "
                    + "the gallery cache: \(error.localizedDescription)")
        }
        self.init(teacherIdentity: bytes, galleryImages: galleryImages, transform: transform)
    }

    /// The key for a teacher given by identity bytes (checkpoint bytes or any fingerprint of
    /// the weights), the gallery image list and the transform description.
    public init(teacherIdentity: Data, galleryImages: [String], transform: String) {
        self.init(parts: [
            Data("airs-gallery-cache-v1".utf8), teacherIdentity,
            Data(galleryImages.joined(separator: "\n").utf8), Data(transform.utf8),
        ])
    }

    /// The first 12 hex digits, for log lines.
    public var description: String { String(digest.prefix(12)) }
}

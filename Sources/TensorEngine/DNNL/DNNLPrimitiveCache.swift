import Foundation

/// A description of a oneDNN primitive that can create it: its shapes, types, layouts and
/// attributes, which key the cache.
public protocol DNNLPrimitiveKey: Hashable, Sendable {
    /// Creates the primitive this key describes.
    /// - Throws: `TensorError.dnnlFailure` naming the primitive.
    func makePrimitive() throws -> DNNLPrimitive
}

/// Created primitives by key, process-wide: creating one dispatches and JIT-compiles code
/// (milliseconds), running it takes microseconds to milliseconds, and the same shapes recur
/// every batch.
public enum DNNLPrimitiveCache {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var primitives: [AnyHashable: DNNLPrimitive] = [:]

    /// The primitive `key` describes, created on first use.
    /// - Throws: `TensorError.dnnlFailure` naming the primitive.
    public static func primitive<Key: DNNLPrimitiveKey>(_ key: Key) throws -> DNNLPrimitive {
        if let cached = lock.withLock({ primitives[AnyHashable(key)] }) { return cached }
        let created = try key.makePrimitive()
        return lock.withLock {
            if let raced = primitives[AnyHashable(key)] { return raced }
            primitives[AnyHashable(key)] = created
            return created
        }
    }

    /// How many primitives are cached (for tests).
    public static var count: Int { lock.withLock { primitives.count } }
}

import Foundation

/// NumPy's `.npz`: a zip of `.npy` files, one per named array, stored uncompressed as
/// `numpy.savez` writes them (`savez_compressed` archives are refused with a clear message).
public enum NumPyArchiveFormat {
    /// The `.npz` bytes holding each tensor as `<name>.npy`, in order.
    public static func encode(_ arrays: StateDictionary) throws -> [UInt8] {
        var writer = ZipWriter()
        for entry in arrays {
            do {
                writer.add(name: entry.name + ".npy", contents: try NumPyFormat.encode(entry.tensor))
            } catch CheckpointError.conversion(_, let detail) {
                throw CheckpointError.conversion(key: entry.name, detail: detail)
            }
        }
        return writer.finished()
    }

    /// Writes `arrays` to `url` atomically.
    public static func write(_ arrays: StateDictionary, to url: URL) throws {
        try AtomicFile.write(encode(arrays), to: url)
    }

    /// Reads the `.npz` file at `url`.
    public static func read(from url: URL) throws -> StateDictionary {
        try decode(FileBytes.read(url), file: url.path)
    }

    /// Parses `.npz` bytes; names lose their `.npy` suffix. Errors name `file` and the array.
    public static func decode(_ bytes: [UInt8], file: String) throws -> StateDictionary {
        let archive = try ZipArchive(bytes: bytes, file: file)
        var arrays = StateDictionary()
        for entry in archive.entries where !entry.name.hasSuffix("/") {
            let name = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
            guard arrays[name] == nil else { throw CheckpointError.duplicateKey(file: file, key: name) }
            do {
                arrays[name] = try NumPyFormat.decode(try archive.contents(of: entry), file: file)
            } catch CheckpointError.unsupportedDType(let file, _, let dtype) {
                throw CheckpointError.unsupportedDType(file: file, key: name, dtype: dtype)
            } catch CheckpointError.truncated(let file, let what, let offset, let needed, let available) {
                throw CheckpointError.truncated(
                    file: file, what: "\(what) of '\(name)'", offset: offset, needed: needed, available: available)
            }
        }
        return arrays
    }
}

import Foundation

/// Reads `torch.save` files, both the zip archive (PyTorch ≥ 1.6) and the legacy stream of
/// pickles, executing only the allow-listed part of pickle (`PickleGlobal`). The state dict is
/// found at the top level or nested (`{"state_dict": …}`, `{"model": …}`).
public enum PyTorchFormat {
    /// Reads the `.pth` / `.pt` file at `url`.
    public static func read(from url: URL) throws -> Checkpoint {
        try decode(FileBytes.read(url), file: url.path)
    }

    /// Parses `torch.save` output; errors name `file`.
    public static func decode(_ bytes: [UInt8], file: String) throws -> Checkpoint {
        if ZipArchive.looksLikeZip(bytes) { return try decodeZip(bytes, file: file) }
        if bytes.first == 0x80 { return try PyTorchLegacyFormat.decode(bytes, file: file) }
        throw CheckpointError.unsupportedFormat(
            file: file, detail: "neither a zip archive nor a legacy pickle stream; not written by torch.save")
    }

    /// The persistent id of a storage: `('storage', StorageType, key, location, numel[, view])`.
    static func storageReference(_ id: PickleValue, file: String) throws -> TorchStorageReference {
        guard case .tuple(let fields) = id, fields.count >= 5, case .string("storage") = fields[0] else {
            throw CheckpointError.malformed(file: file, detail: "persistent id \(id.kind) is not a storage reference")
        }
        guard case .global(.storageType(let dtype)) = fields[1] else {
            throw CheckpointError.malformed(
                file: file, detail: "storage type \(fields[1].kind) is not a torch storage class")
        }
        guard case .string(let key) = fields[2], case .int(let count) = fields[4], count >= 0 else {
            throw CheckpointError.malformed(
                file: file, detail: "storage reference needs a string key and an element count")
        }
        return TorchStorageReference(key: key, dtype: dtype, elementCount: count)
    }

    private static func decodeZip(_ bytes: [UInt8], file: String) throws -> Checkpoint {
        let archive = try ZipArchive(bytes: bytes, file: file)
        // The archive's top folder is the saved file's stem (often `archive/`), so match the suffix.
        guard let pickle = archive.entries.first(where: { $0.name == "data.pkl" || $0.name.hasSuffix("/data.pkl") })
        else {
            throw CheckpointError.unsupportedFormat(
                file: file,
                detail: "zip archive without data.pkl; not a torch.save file (a .npz? use NumPyArchiveFormat)")
        }
        let prefix = String(pickle.name.dropLast("data.pkl".count))
        if let order = archive.entry(named: prefix + "byteorder"),
            String(decoding: try archive.contents(of: order), as: UTF8.self) != "little"
        {
            throw CheckpointError.unsupportedFormat(file: file, detail: "big-endian tensor data")
        }
        var machine = PickleMachine(bytes: Array(try archive.contents(of: pickle)), file: file) { id in
            .storage(try storageReference(id, file: file))
        }
        let root = try machine.run()
        let (dict, metadata) = try TorchStateLocator.locate(root, file: file)
        var cache: [String: ArraySlice<UInt8>] = [:]
        let tensors = try TorchStateLocator.tensors(of: dict, file: file) { storage in
            if let cached = cache[storage.key] { return cached }
            guard let entry = archive.entry(named: prefix + "data/" + storage.key) else {
                throw CheckpointError.malformed(
                    file: file, detail: "storage '\(storage.key)' has no entry \(prefix)data/\(storage.key)")
            }
            let data = try archive.contents(of: entry)
            cache[storage.key] = data
            return data
        }
        return Checkpoint(tensors: tensors, metadata: metadata, format: .pytorchZip)
    }
}

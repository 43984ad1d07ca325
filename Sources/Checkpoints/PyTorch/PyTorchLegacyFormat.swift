/// The pre-1.6 `torch.save` layout: five pickles (magic number, protocol version, sys-info,
/// the object, the storage keys) followed, per key, by an int64 element count and the raw
/// little-endian elements (golden/pretrained/README.md describes it byte by byte).
enum PyTorchLegacyFormat {
    /// 0x1950A86A20F9469CFC6C as LONG1 stores it, little-endian.
    static let magic: [UInt8] = [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]
    static let protocolVersion = 1001

    static func decode(_ bytes: [UInt8], file: String) throws -> Checkpoint {
        var position = 0
        func nextPickle(_ load: @escaping (PickleValue) throws -> PickleValue = { _ in .none }) throws -> PickleValue {
            var machine = PickleMachine(bytes: bytes, file: file, position: position, persistentLoad: load)
            let value = try machine.run()
            position = machine.position
            return value
        }
        guard case .bigInt(let number) = try nextPickle(), number == magic else {
            throw CheckpointError.unsupportedFormat(
                file: file, detail: "a pickle, but not a torch.save file (magic number missing)")
        }
        guard case .int(protocolVersion) = try nextPickle() else {
            throw CheckpointError.unsupportedFormat(
                file: file, detail: "legacy torch protocol other than \(protocolVersion)")
        }
        if case .dict(let info) = try nextPickle(), case .bool(false)? = info.value(forKey: "little_endian") {
            throw CheckpointError.unsupportedFormat(file: file, detail: "big-endian tensor data")
        }
        var storages: [String: TorchStorageReference] = [:]
        let root = try nextPickle { id in
            let reference = try PyTorchFormat.storageReference(id, file: file)
            storages[reference.key] = reference
            return .storage(reference)
        }
        guard case .list(let keyList) = try nextPickle() else {
            throw CheckpointError.malformed(file: file, detail: "the storage key list is missing after the object")
        }
        var data: [String: ArraySlice<UInt8>] = [:]
        var reader = ByteReader(bytes, file: file, position: position)
        for case .string(let key) in keyList.items {
            guard let reference = storages[key] else {
                throw CheckpointError.malformed(file: file, detail: "storage '\(key)' is listed but no tensor uses it")
            }
            let count = try reader.int64("the element count of storage '\(key)'")
            guard count >= 0, count <= Int64(reader.remaining / reference.dtype.byteCount + 1) else {
                throw CheckpointError.truncated(
                    file: file, what: "storage '\(key)' (\(count) elements)", offset: reader.position,
                    needed: Int(clamping: count) &* reference.dtype.byteCount, available: reader.remaining)
            }
            data[key] = try reader.bytes(Int(count) * reference.dtype.byteCount, "storage '\(key)'")
        }
        let (dict, metadata) = try TorchStateLocator.locate(root, file: file)
        let tensors = try TorchStateLocator.tensors(of: dict, file: file) { storage in
            guard let bytes = data[storage.key] else {
                throw CheckpointError.malformed(
                    file: file, detail: "storage '\(storage.key)' is missing from the key list")
            }
            return bytes
        }
        return Checkpoint(tensors: tensors, metadata: metadata, format: .pytorchLegacy)
    }
}

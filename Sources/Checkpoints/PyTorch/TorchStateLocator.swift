/// Finds the state dict inside an unpickled PyTorch object and copies each tensor's elements
/// out of its storage.
enum TorchStateLocator {
    /// Keys tried, in order, when the top level holds no tensors itself.
    static let preferredKeys = ["state_dict", "model_state_dict", "model", "net", "network", "module", "student"]

    /// The state dict in `root` (the top-level dict, or one nested under a preferred key, or
    /// the first nested dict holding tensors) and the metadata around it: scalar siblings and
    /// `state_dict_path`, the dotted path to it.
    static func locate(_ root: PickleValue, file: String) throws -> (dict: PickleDict, metadata: [String: String]) {
        var metadata: [String: String] = [:]
        var visited = Set<ObjectIdentifier>()
        guard let (dict, path) = search(root, path: [], metadata: &metadata, visited: &visited) else {
            throw CheckpointError.noStateDictionary(file: file, found: root.kind)
        }
        if !path.isEmpty { metadata["state_dict_path"] = path.joined(separator: ".") }
        return (dict, metadata)
    }

    private static func search(
        _ value: PickleValue, path: [String], metadata: inout [String: String],
        visited: inout Set<ObjectIdentifier>
    ) -> (PickleDict, [String])? {
        // A hostile pickle can make a dict contain itself; each dict is searched once.
        guard case .dict(let dict) = value, visited.insert(ObjectIdentifier(dict)).inserted else { return nil }
        if dict.values.contains(where: { if case .tensor = $0 { return true } else { return false } }) {
            return (dict, path)
        }
        var candidates: [(String, PickleValue)] = []
        for (key, child) in zip(dict.keys, dict.values) {
            guard case .string(let name) = key else { continue }
            if let text = child.scalarText { metadata[(path + [name]).joined(separator: ".")] = text }
            if case .dict = child { candidates.append((name, child)) }
        }
        candidates.sort { rank($0.0) < rank($1.0) }
        for (name, child) in candidates {
            if let found = search(child, path: path + [name], metadata: &metadata, visited: &visited) { return found }
        }
        return nil
    }

    private static func rank(_ key: String) -> Int { preferredKeys.firstIndex(of: key) ?? preferredKeys.count }

    /// The tensors of `dict` in order, their elements gathered from `storageBytes(key)`
    /// (offset and strides applied); entries that are not tensors are skipped.
    static func tensors(
        of dict: PickleDict, file: String,
        storageBytes: (TorchStorageReference) throws -> ArraySlice<UInt8>
    ) throws -> StateDictionary {
        var result = StateDictionary()
        for (key, value) in zip(dict.keys, dict.values) {
            guard case .tensor(let reference) = value else { continue }
            guard case .string(let name) = key else {
                throw CheckpointError.malformed(
                    file: file, detail: "a tensor is stored under a non-string key (\(key.kind))")
            }
            guard result[name] == nil else { throw CheckpointError.duplicateKey(file: file, key: name) }
            result[name] = try gather(reference, from: try storageBytes(reference.storage), name: name, file: file)
        }
        return result
    }

    private static func gather(
        _ tensor: TorchTensorReference, from storage: ArraySlice<UInt8>,
        name: String, file: String
    ) throws -> StoredTensor {
        let size = tensor.storage.dtype.byteCount
        let available = storage.count / size
        guard StoredTensor.checkedByteCount(tensor.shape, tensor.storage.dtype) != nil,
            tensor.strides.allSatisfy({ $0 >= 0 }), tensor.offset >= 0
        else {
            throw CheckpointError.inconsistentTensor(
                file: file, key: name,
                detail:
                    "invalid size, stride or offset (size \(tensor.shape), stride \(tensor.strides), offset \(tensor.offset))"
            )
        }
        if tensor.shape.contains(0) {
            return StoredTensor(unchecked: tensor.storage.dtype, shape: tensor.shape, bytes: [])
        }
        guard let last = lastElement(tensor), last < available else {
            throw CheckpointError.inconsistentTensor(
                file: file, key: name,
                detail: "size \(tensor.shape), stride \(tensor.strides), offset \(tensor.offset) reach beyond "
                    + "the \(available) elements of storage '\(tensor.storage.key)'")
        }
        return StoredTensor.gathering(
            from: storage, dtype: tensor.storage.dtype, shape: tensor.shape, strides: tensor.strides,
            offset: tensor.offset)
    }

    /// Index of the view's last element in its storage, or `nil` on overflow.
    private static func lastElement(_ tensor: TorchTensorReference) -> Int? {
        var last = tensor.offset
        for (size, stride) in zip(tensor.shape, tensor.strides) {
            let (step, overflow) = (size - 1).multipliedReportingOverflow(by: stride)
            let (sum, overflow2) = last.addingReportingOverflow(step)
            if overflow || overflow2 { return nil }
            last = sum
        }
        return last
    }
}

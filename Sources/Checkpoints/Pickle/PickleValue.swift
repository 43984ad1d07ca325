/// A value built by the safe pickle machine. Only what state-dict pickles contain exists:
/// primitives, containers, allow-listed callables, and PyTorch storage and tensor references.
indirect enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    /// An integer wider than 64 bits: little-endian two's complement bytes (as LONG1 stores it).
    case bigInt([UInt8])
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case tuple([PickleValue])
    case list(PickleList)
    case dict(PickleDict)
    /// An allow-listed global (class or function), not yet called.
    case global(PickleGlobal)
    case storage(TorchStorageReference)
    case tensor(TorchTensorReference)

    /// A short description for error messages.
    var kind: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int, .bigInt: return "int"
        case .float: return "float"
        case .string: return "str"
        case .bytes: return "bytes"
        case .tuple(let items): return "tuple of \(items.count)"
        case .list(let list): return "list of \(list.items.count)"
        case .dict(let dict): return "dict with keys [\(dict.keyDescriptions.prefix(8).joined(separator: ", "))]"
        case .global(let global): return global.qualifiedName
        case .storage: return "storage"
        case .tensor: return "tensor"
        }
    }

    /// The value as metadata text, for primitives only.
    var scalarText: String? {
        switch self {
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return String(value)
        case .float(let value): return String(value)
        case .string(let value): return value
        default: return nil
        }
    }
}

/// A pickled list (or set); a reference type because pickles mutate containers after
/// memoising them, and every reference must see the change.
final class PickleList {
    var items: [PickleValue]
    init(_ items: [PickleValue] = []) { self.items = items }
}

/// A pickled dict, keeping insertion order (`OrderedDict` and, since Python 3.7, `dict`).
final class PickleDict {
    private(set) var keys: [PickleValue] = []
    private(set) var values: [PickleValue] = []
    private var indexByKey: [String: Int] = [:]

    var keyDescriptions: [String] { keys.map { PickleDict.identity($0) ?? $0.kind } }

    func set(_ value: PickleValue, for key: PickleValue) {
        if let identity = PickleDict.identity(key), let index = indexByKey[identity] {
            values[index] = value
            return
        }
        if let identity = PickleDict.identity(key) { indexByKey[identity] = keys.count }
        keys.append(key)
        values.append(value)
    }

    func value(forKey key: String) -> PickleValue? { indexByKey["s:" + key].map { values[$0] } }

    /// A hashable spelling of primitive keys; other keys are kept but never deduplicated.
    private static func identity(_ key: PickleValue) -> String? {
        switch key {
        case .string(let text): return "s:" + text
        case .int(let value): return "i:\(value)"
        case .bool(let value): return "i:\(value ? 1 : 0)"
        default: return nil
        }
    }
}

/// A storage named by a pickle's persistent id; its bytes live outside the pickle.
struct TorchStorageReference {
    var key: String
    var dtype: StoredDType
    var elementCount: Int
}

/// A tensor rebuilt from a storage: `shape`, element `strides` and `offset` into the storage.
struct TorchTensorReference {
    var storage: TorchStorageReference
    var offset: Int
    var shape: [Int]
    var strides: [Int]
}

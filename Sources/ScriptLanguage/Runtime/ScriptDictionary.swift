/// A dictionary that remembers insertion order (as Python's does). Keys are nil, booleans,
/// numbers or strings.
public struct ScriptDictionary {
    /// A hashable form of the values allowed as keys.
    enum Key: Hashable {
        case `nil`
        case bool(Bool)
        case number(Double)
        case string(String)

        init?(_ value: Value) {
            switch value {
            case .nil: self = .nil
            case .bool(let b): self = .bool(b)
            case .number(let n): self = .number(n)
            case .string(let s): self = .string(s)
            default: return nil
            }
        }

        var value: Value {
            switch self {
            case .nil: return .nil
            case .bool(let b): return .bool(b)
            case .number(let n): return .number(n)
            case .string(let s): return .string(s)
            }
        }
    }

    private var order: [Key] = []
    private var storage: [Key: Value] = [:]

    /// An empty dictionary.
    public init() {}

    /// A dictionary with string keys, in the order given.
    public init(_ pairs: [(String, Value)]) {
        for (key, value) in pairs { setValue(value, forString: key) }
    }

    /// The number of entries.
    public var count: Int { order.count }

    /// The keys in insertion order.
    public var keys: [Value] { order.map(\.value) }

    /// The values in key order.
    public var values: [Value] { order.compactMap { storage[$0] } }

    /// The value for `key`, or nil if absent. Returns nil for keys that cannot be dictionary keys.
    public subscript(key: Value) -> Value? {
        Key(key).flatMap { storage[$0] }
    }

    /// The value for string `key`.
    public subscript(string key: String) -> Value? { storage[.string(key)] }

    /// Sets `value` for `key`; returns false if `key`'s type cannot be a key.
    @discardableResult
    public mutating func setValue(_ value: Value, for key: Value) -> Bool {
        guard let k = Key(key) else { return false }
        if storage.updateValue(value, forKey: k) == nil { order.append(k) }
        return true
    }

    /// Sets `value` for string `key`.
    public mutating func setValue(_ value: Value, forString key: String) {
        setValue(value, for: .string(key))
    }

    /// Removes `key` and returns its value, if present.
    @discardableResult
    public mutating func removeValue(for key: Value) -> Value? {
        guard let k = Key(key), let old = storage.removeValue(forKey: k) else { return nil }
        order.removeAll { $0 == k }
        return old
    }

    /// Same keys with equal values (order ignored, as in Python).
    public func isEqual(to other: ScriptDictionary) -> Bool {
        count == other.count
            && storage.allSatisfy { key, value in
                other.storage[key].map { value.isEqual(to: $0) } ?? false
            }
    }

    /// Whether a value can be used as a key.
    public static func canBeKey(_ value: Value) -> Bool { Key(value) != nil }
}

extension Value {
    /// Lists and dicts may nest at most this deep: deeper values would overflow the stack when
    /// Swift releases them (the release of a nested value is recursive).
    static let maximumNesting = 200

    /// Throws if storing `self` inside a collection would nest deeper than `maximumNesting`.
    func checkNestingForStorage() throws(ScriptError) {
        switch self {
        case .list, .dictionary: break
        default: return
        }
        guard Self.nesting(of: self, limit: Self.maximumNesting) < Self.maximumNesting else {
            throw ScriptError(.value, "lists and dicts cannot be nested more than \(Self.maximumNesting) levels deep")
        }
    }

    /// The nesting depth of lists and dicts in `value`, counting up to `limit` at most.
    private static func nesting(of value: Value, limit: Int) -> Int {
        guard limit > 0 else { return 0 }
        let children: [Value]
        switch value {
        case .list(let items): children = items
        case .dictionary(let d): children = d.values
        default: return 0
        }
        var deepest = 0
        for child in children {
            switch child {
            case .list, .dictionary:
                deepest = max(deepest, nesting(of: child, limit: limit - 1))
                if deepest >= limit - 1 { return limit }
            default: continue
            }
        }
        return deepest + 1
    }
}

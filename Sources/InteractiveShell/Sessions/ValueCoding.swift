import Foundation
import ScriptLanguage

/// Plain script values as JSON: each value a tagged array (`["n", 1.5]`, `["s", "text"]`,
/// `["l", [...]]`, `["d", [[key, value], ...]]`; ranges as lists) so a bool never comes back as a number and
/// dictionary order and non-string keys survive. Host objects inside lists and dicts are
/// references (`["o", kind, file]`) that the session store writes and restores.
enum ValueCoding {
    /// The JSON form of a plain `value`, or nil if it holds a function or a host object.
    static func encode(_ value: Value) -> Any? {
        encode(value) { (_: any HostObject) throws(Never) -> Any? in nil }
    }

    /// The JSON form of `value`, or nil if it holds a function or a host object that `object`
    /// does not turn into a reference.
    static func encode<E: Error>(
        _ value: Value, object: (any HostObject) throws(E) -> Any?
    ) throws(E) -> Any? {
        switch value {
        case .nil: return ["nil"]
        case .bool(let b): return ["b", b]
        case .number(let n):
            if n.isFinite { return ["n", n] }
            return ["n", n.isNaN ? "nan" : (n > 0 ? "inf" : "-inf")]
        case .string(let s): return ["s", s]
        // Ranges come back as lists: the language offers no way to build one from outside.
        case .range(let r): return ["l", (0..<r.count).map { ["n", Double(r.element($0))] }]
        case .list(let items):
            var encoded: [Any] = []
            for item in items {
                guard let e = try encode(item, object: object) else { return nil }
                encoded.append(e)
            }
            return ["l", encoded]
        case .dictionary(let d):
            var pairs: [Any] = []
            for (key, item) in zip(d.keys, d.values) {
                guard let k = encode(key), let v = try encode(item, object: object) else {
                    return nil
                }
                pairs.append([k, v])
            }
            return ["d", pairs]
        case .host(let host): return try object(host)
        case .function, .native, .method: return nil
        }
    }

    /// The plain value `json` encodes; throws a description of the first malformed part.
    static func decode(_ json: Any) throws(ValueDecodingError) -> Value {
        try decode(json) { kind, _ throws(ValueDecodingError) -> Value in
            throw ValueDecodingError("a \(kind) object where only plain values belong")
        }
    }

    /// The value `json` encodes, with `object` restoring each object reference from its kind and
    /// file; throws a description of the first malformed part.
    static func decode(
        _ json: Any, object: (_ kind: String, _ file: String) throws(ValueDecodingError) -> Value
    ) throws(ValueDecodingError) -> Value {
        guard let array = json as? [Any], let tag = array.first as? String else {
            throw ValueDecodingError("expected a tagged array")
        }
        let payload: Any? = array.count > 1 ? array[1] : nil
        switch tag {
        case "nil": return .nil
        case "b":
            guard let b = payload as? Bool else { throw ValueDecodingError("bool without true/false") }
            return .bool(b)
        case "n":
            if let s = payload as? String {
                switch s {
                case "nan": return .number(.nan)
                case "inf": return .number(.infinity)
                case "-inf": return .number(-.infinity)
                default: throw ValueDecodingError("bad number '\(s)'")
                }
            }
            guard let n = payload as? Double else { throw ValueDecodingError("number without a value") }
            return .number(n)
        case "s":
            guard let s = payload as? String else { throw ValueDecodingError("string without text") }
            return .string(s)
        case "l":
            guard let items = payload as? [Any] else { throw ValueDecodingError("list without items") }
            var values: [Value] = []
            for item in items { values.append(try decode(item, object: object)) }
            return .list(values)
        case "d":
            guard let pairs = payload as? [Any] else { throw ValueDecodingError("dict without pairs") }
            var dictionary = ScriptDictionary()
            for pair in pairs {
                guard let kv = pair as? [Any], kv.count == 2 else {
                    throw ValueDecodingError("dict entry is not a [key, value] pair")
                }
                let key = try decode(kv[0])
                guard dictionary.setValue(try decode(kv[1], object: object), for: key) else {
                    throw ValueDecodingError("dict key cannot be a \(key.typeName)")
                }
            }
            return .dictionary(dictionary)
        case "o":
            guard array.count == 3, let kind = array[1] as? String, let file = array[2] as? String else {
                throw ValueDecodingError("object reference without kind and file")
            }
            return try object(kind, file)
        default:
            throw ValueDecodingError("unknown value tag '\(tag)'")
        }
    }
}

/// Why a stored value could not be read back.
struct ValueDecodingError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

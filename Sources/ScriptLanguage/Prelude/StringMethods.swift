/// The methods of strings.
enum StringMethods {
    static var all: [NativeFunction] {
        [
            NativeFunction("upper", doc: "The string in upper case.") { args in
                .string(try args.receiverString().uppercased())
            },
            NativeFunction("lower", doc: "The string in lower case.") { args in
                .string(try args.receiverString().lowercased())
            },
            NativeFunction("strip", doc: "The string without leading and trailing whitespace.") { args in
                let s = try args.receiverString()
                return .string(String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()))
            },
            NativeFunction(
                "split", [.init("separator", default: .nil)],
                doc: "The parts between separators (whitespace runs if no separator is given)."
            ) { args in
                let s = try args.receiverString()
                if case .nil = args[0] {
                    return .list(s.split(whereSeparator: \.isWhitespace).map { .string(String($0)) })
                }
                let separator = try args.string(0)
                guard !separator.isEmpty else { throw ScriptError(.value, "split needs a non-empty separator") }
                return .list(split(s, by: separator).map { .string($0) })
            },
            NativeFunction("join", ["items"], doc: "The items' texts joined with this string between them.") { args in
                let joined = try args.list(0).map(\.description).joined(separator: try args.receiverString())
                try args.interpreter.checkStringSize(joined.utf8.count, at: .unknown)
                return .string(joined)
            },
            NativeFunction("replace", ["old", "new"], doc: "The string with every occurrence of old replaced by new.") {
                args in
                let old = try args.string(0)
                guard !old.isEmpty else { throw ScriptError(.value, "replace needs a non-empty 'old'") }
                let parts = split(try args.receiverString(), by: old)
                let new = try args.string(1)
                try args.interpreter.checkStringSize(
                    parts.reduce(0) { $0 + $1.utf8.count } + (parts.count - 1) * new.utf8.count, at: .unknown)
                return .string(parts.joined(separator: new))
            },
            NativeFunction("startswith", ["prefix"], doc: "Whether the string starts with prefix.") { args in
                .bool(try args.receiverString().hasPrefix(try args.string(0)))
            },
            NativeFunction("endswith", ["suffix"], doc: "Whether the string ends with suffix.") { args in
                .bool(try args.receiverString().hasSuffix(try args.string(0)))
            },
            NativeFunction("find", ["text"], doc: "The position of the first occurrence of text, or -1.") { args in
                let s = Array(try args.receiverString())
                let t = Array(try args.string(0))
                guard !t.isEmpty else { return .number(0) }
                guard t.count <= s.count else { return .number(-1) }
                for i in 0...(s.count - t.count) where Array(s[i..<(i + t.count)]) == t { return .number(Double(i)) }
                return .number(-1)
            },
        ]
    }

    /// `s` cut at every occurrence of `separator` (non-empty).
    static func split(_ s: String, by separator: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var rest = Substring(s)
        while !rest.isEmpty {
            if rest.hasPrefix(separator) {
                parts.append(current)
                current = ""
                rest = rest.dropFirst(separator.count)
            } else {
                current.append(rest.removeFirst())
            }
        }
        parts.append(current)
        return parts
    }
}

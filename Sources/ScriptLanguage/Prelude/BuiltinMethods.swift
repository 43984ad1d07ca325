/// Methods of the built-in types. Those that change a list or dict in place (`xs.append(x)`)
/// update the variable they are called on; the others are ordinary method tables.
enum BuiltinMethods {
    private static let listMutating: Set<String> = [
        "append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse",
    ]
    private static let dictMutating: Set<String> = ["pop", "clear", "update"]

    static func isMutating(_ name: String, on value: Value) -> Bool {
        switch value {
        case .list: return listMutating.contains(name)
        case .dictionary(let d): return dictMutating.contains(name) && d[string: name] == nil
        default: return false
        }
    }

    static func mutatingNames(for value: Value) -> [String] {
        switch value {
        case .list: return Array(listMutating)
        case .dictionary: return Array(dictMutating)
        default: return []
        }
    }

    /// Applies mutating method `name` to `value` in place and returns the method's result.
    static func mutate(_ value: inout Value, _ name: String, _ arguments: [Value], at range: SourceRange)
        throws(ScriptError) -> Value
    {
        func expect(_ counts: ClosedRange<Int>, _ signature: String) throws(ScriptError) {
            guard counts.contains(arguments.count) else {
                throw ScriptError(
                    .argument,
                    "\(value.typeName).\(name) takes \(signature), got \(arguments.count) argument\(arguments.count == 1 ? "" : "s")",
                    at: range)
            }
        }
        for argument in arguments { try argument.checkNestingForStorage() }
        switch value {
        case .list(var items):
            value = .nil
            defer { value = .list(items) }
            switch name {
            case "append":
                try expect(1...1, "one argument (the value)")
                items.append(arguments[0])
            case "extend":
                try expect(1...1, "one list")
                guard case .list(let more) = arguments[0] else {
                    throw ScriptError(.type, "list.extend expects a list, got \(arguments[0].typeName)", at: range)
                }
                guard items.count + more.count <= Interpreter.maximumRepeatedCount else {
                    throw ScriptError(
                        .value, "the list would be too large (\(items.count + more.count) elements)", at: range)
                }
                items.append(contentsOf: more)
            case "insert":
                try expect(2...2, "an index and a value")
                guard case .number(let n) = arguments[0], let i = Value.exactInteger(n) else {
                    throw ScriptError(.type, "list.insert expects a whole-number index", at: range)
                }
                let p = i < 0 ? max(0, i + items.count) : min(i, items.count)
                items.insert(arguments[1], at: p)
            case "pop":
                try expect(0...1, "an optional index")
                guard !items.isEmpty else { throw ScriptError(.index, "pop from an empty list", at: range) }
                var p = items.count - 1
                if let index = arguments.first {
                    guard case .number(let n) = index, let i = Value.exactInteger(n) else {
                        throw ScriptError(.type, "list.pop expects a whole-number index", at: range)
                    }
                    p = i < 0 ? i + items.count : i
                    guard p >= 0, p < items.count else {
                        throw ScriptError(.index, "index \(i) is out of range for length \(items.count)", at: range)
                    }
                }
                return items.remove(at: p)
            case "remove":
                try expect(1...1, "one value")
                guard let p = items.firstIndex(where: { $0.isEqual(to: arguments[0]) }) else {
                    throw ScriptError(.value, "\(arguments[0].repr) is not in the list", at: range)
                }
                items.remove(at: p)
            case "clear":
                try expect(0...0, "no arguments")
                items.removeAll()
            case "sort":
                try expect(0...0, "no arguments (use sorted(xs, key: f) for a key)")
                items = try Prelude.sortValues(items, at: range)
            case "reverse":
                try expect(0...0, "no arguments")
                items.reverse()
            default:
                break
            }
            return .nil
        case .dictionary(var d):
            value = .nil
            defer { value = .dictionary(d) }
            switch name {
            case "pop":
                try expect(1...2, "a key and an optional default")
                if let old = d.removeValue(for: arguments[0]) { return old }
                if arguments.count == 2 { return arguments[1] }
                throw ScriptError(.key, "key \(arguments[0].repr) is not in the dict", at: range)
            case "clear":
                try expect(0...0, "no arguments")
                d = ScriptDictionary()
            case "update":
                try expect(1...1, "one dict")
                guard case .dictionary(let other) = arguments[0] else {
                    throw ScriptError(.type, "dict.update expects a dict, got \(arguments[0].typeName)", at: range)
                }
                for key in other.keys { d.setValue(other[key] ?? .nil, for: key) }
            default:
                break
            }
            return .nil
        default:
            throw ScriptError(.attribute, "a \(value.typeName) has no method '\(name)'", at: range)
        }
    }

    /// Method tables of the built-in types that do not change their receiver.
    static var types: [HostType] {
        [
            HostType(
                "list", doc: "An ordered list of values; a value, copied on assignment.",
                methods: [
                    NativeFunction("index", ["value"], doc: "The position of the first element equal to value.") {
                        args in
                        let items = try args.receiverList()
                        guard let p = items.firstIndex(where: { $0.isEqual(to: args[0]) }) else {
                            throw ScriptError(.value, "\(args[0].repr) is not in the list")
                        }
                        return .number(Double(p))
                    },
                    NativeFunction("count", ["value"], doc: "How many elements equal value.") { args in
                        .number(Double(try args.receiverList().filter { $0.isEqual(to: args[0]) }.count))
                    },
                    NativeFunction("copy", doc: "The list itself (lists are values, so this is a copy).") { args in
                        args.receiver ?? .nil
                    },
                ]),
            HostType(
                "dict", doc: "A dictionary that keeps insertion order; keys are strings, numbers, booleans or nil.",
                methods: [
                    NativeFunction("keys", doc: "The keys, in insertion order.") { args in
                        .list(try args.dictionary().keys)
                    },
                    NativeFunction("values", doc: "The values, in key order.") { args in
                        .list(try args.dictionary().values)
                    },
                    NativeFunction("items", doc: "[key, value] pairs, in key order.") { args in
                        let d = try args.dictionary()
                        return .list(d.keys.map { .list([$0, d[$0] ?? .nil]) })
                    },
                    NativeFunction(
                        "get", ["key", .init("default", default: .nil)],
                        doc: "The value for key, or default if it is missing."
                    ) { args in
                        try args.dictionary()[args[0]] ?? args[1]
                    },
                ]),
            HostType("string", doc: "Text; immutable.", methods: StringMethods.all),
        ]
    }
}

extension Arguments {
    /// The receiver as a list (for list methods).
    func receiverList() throws(ScriptError) -> [Value] {
        if case .list(let items) = receiver { return items }
        throw ScriptError(.type, "\(function) needs a list")
    }

    /// The receiver as a dictionary (for dict methods).
    func dictionary() throws(ScriptError) -> ScriptDictionary {
        if case .dictionary(let d) = receiver { return d }
        throw ScriptError(.type, "\(function) needs a dict")
    }

    /// The receiver as a string (for string methods).
    func receiverString() throws(ScriptError) -> String {
        if case .string(let s) = receiver { return s }
        throw ScriptError(.type, "\(function) needs a string")
    }
}

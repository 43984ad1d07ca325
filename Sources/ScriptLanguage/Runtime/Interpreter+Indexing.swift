extension Interpreter {
    func attribute(of value: Value, _ name: String, at range: SourceRange) throws(ScriptError) -> Value {
        switch value {
        case .host(let object):
            if let property = try host(at: range, { try object.attribute(name) }) { return property }
        case .dictionary(let d):
            if let entry = d[string: name] { return entry }
        default:
            break
        }
        if let method = methodTables[value.typeName]?[name] {
            return .method(BoundMethod(receiver: value, function: method))
        }
        if BuiltinMethods.isMutating(name, on: value) {
            throw ScriptError(
                .attribute,
                "\(value.typeName).\(name) changes the \(value.typeName) in place, so it must be called directly",
                at: range, hint: "write x.\(name)(…)")
        }
        var candidates = memberNames(of: value)
        if case .host(let object) = value { candidates += object.attributeNames }
        if case .dictionary = value {
            throw ScriptError(
                .key, "the dict has no key or method '\(name)'", at: range,
                hint: Suggestion.hint(for: name, in: candidates))
        }
        throw ScriptError(
            .attribute, "a \(value.typeName) has no attribute '\(name)'", at: range,
            hint: Suggestion.hint(for: name, in: candidates))
    }

    /// `value[indices]`.
    func index(_ value: Value, _ indices: [IndexValue], at range: SourceRange) throws(ScriptError) -> Value {
        if case .host(let object) = value {
            if let result = try host(at: range, { try object.subscriptGet(indices) }) { return result }
            throw ScriptError(.type, "a \(object.typeName) cannot be indexed", at: range)
        }
        guard let first = indices.first else { return value }
        let result: Value
        switch (value, first) {
        case (.list(let items), .single(let i)):
            result = items[try Self.position(i, count: items.count, at: range)]
        case (.list(let items), .slice(let a, let b, let c)):
            guard indices.count == 1 else { throw multipleIndices(value, range) }
            result = .list(try Self.sliceIndices(a, b, c, count: items.count, at: range).map { items[$0] })
        case (.string(let s), .single(let i)):
            let characters = Array(s)
            result = .string(String(characters[try Self.position(i, count: characters.count, at: range)]))
        case (.string(let s), .slice(let a, let b, let c)):
            guard indices.count == 1 else { throw multipleIndices(value, range) }
            let characters = Array(s)
            result = .string(
                String(try Self.sliceIndices(a, b, c, count: characters.count, at: range).map { characters[$0] }))
        case (.range(let r), .single(let i)):
            result = .number(Double(r.element(try Self.position(i, count: r.count, at: range))))
        case (.range(let r), .slice(let a, let b, let c)):
            guard indices.count == 1 else { throw multipleIndices(value, range) }
            result = .list(
                try Self.sliceIndices(a, b, c, count: r.count, at: range).map { .number(Double(r.element($0))) })
        case (.dictionary(let d), .single(let key)):
            guard let entry = d[key] else {
                let keys = d.keys.compactMap { if case .string(let s) = $0 { s } else { nil } }
                var hint: String?
                if case .string(let s) = key { hint = Suggestion.hint(for: s, in: keys) }
                throw ScriptError(
                    .key, "key \(key.repr) is not in the dict", at: range,
                    hint: hint ?? "use d.get(key, default) to read a key that may be missing")
            }
            result = entry
        default:
            throw ScriptError(
                .type, "a \(value.typeName) cannot be indexed\(first.isSlice ? " with a slice" : "")", at: range)
        }
        guard indices.count > 1 else { return result }
        return try index(result, Array(indices.dropFirst()), at: range)
    }

    private func multipleIndices(_ value: Value, _ range: SourceRange) -> ScriptError {
        ScriptError(.type, "a \(value.typeName) takes one slice, not several", at: range)
    }

    /// A whole-number index into a collection of `count`, negative counting from the end.
    static func position(_ index: Value, count: Int, at range: SourceRange) throws(ScriptError) -> Int {
        guard case .number(let n) = index else {
            throw ScriptError(.type, "an index must be a number, not \(index.typeName)", at: range)
        }
        guard let i = Value.exactInteger(n) else {
            throw ScriptError(.type, "an index must be a whole number, not \(Value.format(n))", at: range)
        }
        let resolved = i < 0 ? i + count : i
        guard resolved >= 0, resolved < count else {
            throw ScriptError(
                .index, "index \(i) is out of range for length \(count)", at: range,
                hint: count == 0 ? "the collection is empty" : "valid indices are 0 to \(count - 1), or -\(count) to -1"
            )
        }
        return resolved
    }

    /// The positions a Python-style slice `a:b:c` selects from a collection of `count`.
    static func sliceIndices(_ a: Value?, _ b: Value?, _ c: Value?, count: Int, at range: SourceRange)
        throws(ScriptError) -> [Int]
    {
        func bound(_ value: Value?, _ name: String) throws(ScriptError) -> Int? {
            guard let value, !(value.isNil) else { return nil }
            guard case .number(let n) = value, let i = Value.exactInteger(n) else {
                throw ScriptError(.type, "a slice \(name) must be a whole number, not \(value.repr)", at: range)
            }
            return i
        }
        let step = try bound(c, "step") ?? 1
        guard step != 0 else { throw ScriptError(.value, "a slice step cannot be zero", at: range) }
        func clamp(_ i: Int?, _ fallback: Int) -> Int {
            guard let i else { return fallback }
            let j = i < 0 ? i + count : i
            return step > 0 ? min(max(j, 0), count) : min(max(j, -1), count - 1)
        }
        let start = clamp(try bound(a, "start"), step > 0 ? 0 : count - 1)
        let stop = clamp(try bound(b, "stop"), step > 0 ? count : -1)
        return Array(stride(from: start, to: stop, by: step))
    }
}

extension IndexValue {
    var isSlice: Bool {
        if case .slice = self { return true }
        return false
    }

    /// The positions this item selects along an axis of `count` elements, with Python's rules
    /// (negative indices count from the end, slices clamp); a single index gives one position.
    /// Throws `index` errors for out-of-range single indices and `type` errors for non-integers,
    /// so host types (tensors) index exactly like lists.
    public func positions(count: Int) throws(ScriptError) -> [Int] {
        switch self {
        case .single(let value): return [try Interpreter.position(value, count: count, at: .unknown)]
        case .slice(let a, let b, let c): return try Interpreter.sliceIndices(a, b, c, count: count, at: .unknown)
        }
    }
}

extension Value: Equatable {
    /// Same as `isEqual(to:)`: structural for data, identity for functions and host objects.
    public static func == (a: Value, b: Value) -> Bool { a.isEqual(to: b) }
}

extension Value {
    var isNil: Bool {
        if case .nil = self { return true }
        return false
    }
}

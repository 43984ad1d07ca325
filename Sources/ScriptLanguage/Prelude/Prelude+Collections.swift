extension Prelude {
    static var collections: [NativeFunction] {
        [
            NativeFunction(
                "len", ["collection"], doc: "The number of elements of a list, dict, string, range or host object."
            ) { args in
                switch args[0] {
                case .list(let l): return .number(Double(l.count))
                case .string(let s): return .number(Double(s.count))
                case .dictionary(let d): return .number(Double(d.count))
                case .range(let r): return .number(Double(r.count))
                case .host(let object):
                    if let n = object.length { return .number(Double(n)) }
                default: break
                }
                throw args.typeError(0, expected: "a list, dict, string or range")
            },
            NativeFunction(
                "list", [.init("items", default: .list([]))],
                doc: "A list of the elements of a range, string, dict (its keys) or list."
            ) { args in
                .list(try elements(of: args[0], args))
            },
            NativeFunction("keys", ["dict"], doc: "The keys of a dict, in insertion order.") { args in
                guard case .dictionary(let d) = args[0] else { throw args.typeError(0, expected: "a dict") }
                return .list(d.keys)
            },
            NativeFunction("values", ["dict"], doc: "The values of a dict, in key order.") { args in
                guard case .dictionary(let d) = args[0] else { throw args.typeError(0, expected: "a dict") }
                return .list(d.values)
            },
            NativeFunction(
                "append", ["list", "value"],
                doc: "A new list: list with value added at the end (xs.append(v) changes xs itself)."
            ) { args in
                var items = try args.list(0)
                items.append(args[1])
                return .list(items)
            },
            NativeFunction("enumerate", ["items"], doc: "[index, element] pairs of a list.") { args in
                .list(
                    try elements(of: args[0], args).enumerated().map {
                        .list([.number(Double($0.offset)), $0.element])
                    })
            },
            NativeFunction("zip", ["a", "b"], doc: "[a[i], b[i]] pairs, as many as the shorter list has.") { args in
                .list(zip(try elements(of: args[0], args), try elements(of: args[1], args)).map { .list([$0, $1]) })
            },
            NativeFunction(
                "sum", ["items", .init("start", default: .number(0))],
                doc: "start plus every element, added with '+' (works for host values such as tensors)."
            ) { args in
                var total = args[1]
                for item in try elements(of: args[0], args) {
                    total = try args.interpreter.binary(.add, total, item, at: .unknown)
                }
                return total
            },
            NativeFunction("min", variadic: true, doc: "The smallest of the arguments, or of a single list.") { args in
                try extreme(args, smallest: true)
            },
            NativeFunction("max", variadic: true, doc: "The largest of the arguments, or of a single list.") { args in
                try extreme(args, smallest: false)
            },
            NativeFunction(
                "sorted",
                [
                    "items", .init("key", default: .nil, keywordOnly: true),
                    .init("reverse", default: .bool(false), keywordOnly: true),
                ],
                doc: "A sorted copy of a list; key: a function giving each element's sort key."
            ) { args in
                let items = try elements(of: args[0], args)
                var sorted: [Value]
                if case .nil = args[1] {
                    sorted = try sortValues(items, at: .unknown)
                } else {
                    var keyed: [(key: Value, item: Value)] = []
                    for item in items { keyed.append((try args.call(args[1], [item]), item)) }
                    let order = try sortValues(keyed.map(\.key), at: .unknown, returningOrder: true)
                    sorted = order.map { keyed[Int($0.numberValue)].item }
                }
                if args[2].isTruthy { sorted.reverse() }
                return .list(sorted)
            },
        ]
    }

    /// The elements a loop would visit: list elements, range values, string characters, dict keys.
    static func elements(of value: Value, _ args: Arguments) throws(ScriptError) -> [Value] {
        switch value {
        case .list(let l): return l
        case .range(let r): return try Value.materialise(r)
        case .string(let s): return s.map { .string(String($0)) }
        case .dictionary(let d): return d.keys
        case .host(let object):
            do {
                if let items = try object.elements() { return items }
            } catch let error as ScriptError {
                throw error
            } catch {
                throw ScriptError(.host, String(describing: error))
            }
        default: break
        }
        throw ScriptError(.type, "\(args.function) expects a list, range, string or dict, got \(value.typeName)")
    }

    private static func extreme(_ args: Arguments, smallest: Bool) throws(ScriptError) -> Value {
        var items = args.rest
        if items.count == 1 { items = try elements(of: items[0], args) }
        guard var best = items.first else {
            throw ScriptError(.value, "\(args.function) needs at least one value")
        }
        for item in items.dropFirst() {
            let less = try isLess(item, best)
            if smallest ? less : try isLess(best, item) { best = item }
        }
        return best
    }

    static func isLess(_ a: Value, _ b: Value) throws(ScriptError) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y
        case (.string(let x), .string(let y)): return x < y
        case (.bool(let x), .bool(let y)): return !x && y
        default: throw ScriptError(.type, "cannot compare \(a.typeName) with \(b.typeName)")
        }
    }

    /// `items` sorted ascending (stable); with `returningOrder`, the positions in sorted order.
    static func sortValues(_ items: [Value], at range: SourceRange, returningOrder: Bool = false) throws(ScriptError)
        -> [Value]
    {
        var failure: ScriptError?
        let order = items.indices.sorted { i, j in
            guard failure == nil else { return false }
            do throws(ScriptError) {
                if try isLess(items[i], items[j]) { return true }
                if try isLess(items[j], items[i]) { return false }
                return i < j
            } catch {
                failure = error
                return false
            }
        }
        if var failure {
            failure.range = range
            throw failure
        }
        return returningOrder ? order.map { .number(Double($0)) } : order.map { items[$0] }
    }
}

extension Value {
    var numberValue: Double {
        if case .number(let n) = self { return n }
        return 0
    }
}

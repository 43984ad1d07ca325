extension Interpreter {
    typealias Keyword = (name: String, value: Value, range: SourceRange)

    func evalCall(_ calleeExpr: Expr, _ arguments: [Argument], _ range: SourceRange) throws(ScriptError) -> Value {
        if case .attribute(let objectExpr, let name, let nameRange) = calleeExpr {
            var receiver = try eval(objectExpr)
            if BuiltinMethods.isMutating(name, on: receiver) {
                let (positional, keywords) = try evalArguments(arguments)
                if let keyword = keywords.first {
                    throw ScriptError(
                        .argument, "\(receiver.typeName).\(name) takes no keyword arguments", at: keyword.range)
                }
                guard Self.isAssignable(objectExpr) else {
                    return try BuiltinMethods.mutate(&receiver, name, positional, at: range)
                }
                // Drop this reference so the modified collection is uniquely owned and changes in place.
                receiver = .nil
                return try modify(objectExpr) { (value: inout Value) throws(ScriptError) in
                    try BuiltinMethods.mutate(&value, name, positional, at: range)
                }
            }
            let method = try attribute(of: receiver, name, at: nameRange)
            let (positional, keywords) = try evalArguments(arguments)
            return try call(method, positional: positional, keywords: keywords, at: range)
        }
        let callee = try eval(calleeExpr)
        let (positional, keywords) = try evalArguments(arguments)
        return try call(callee, positional: positional, keywords: keywords, at: range)
    }

    static func isAssignable(_ expr: Expr) -> Bool {
        switch expr {
        case .global, .local, .captured: return true
        case .attribute(let base, _, _), .index(let base, _, _): return isAssignable(base)
        default: return false
        }
    }

    private func evalArguments(_ arguments: [Argument]) throws(ScriptError) -> ([Value], [Keyword]) {
        var positional: [Value] = []
        var keywords: [Keyword] = []
        for argument in arguments {
            let value = try eval(argument.value)
            if let label = argument.label {
                if keywords.contains(where: { $0.name == label }) {
                    throw ScriptError(.argument, "keyword argument '\(label)' is given twice", at: argument.range)
                }
                keywords.append((label, value, argument.range))
            } else {
                positional.append(value)
            }
        }
        return (positional, keywords)
    }

    func call(_ callee: Value, positional: [Value], keywords: [Keyword], at range: SourceRange) throws(ScriptError)
        -> Value
    {
        switch callee {
        case .function(let function):
            return try callScript(function, positional, keywords, range)
        case .native(let function):
            return try callNative(function, receiver: nil, positional, keywords, range)
        case .method(let method):
            return try callNative(method.function, receiver: method.receiver, positional, keywords, range)
        case .host(let object):
            guard let entry = hostTypes[object.typeName]?.call else {
                throw ScriptError(
                    .type, "a \(object.typeName) cannot be called", at: range,
                    hint: Self.callHint(methodTables[object.typeName]))
            }
            return try callNative(entry, receiver: callee, positional, keywords, range)
        default:
            throw ScriptError(.type, "a \(callee.typeName) cannot be called", at: range)
        }
    }

    /// Points at the type's methods when its objects cannot be called (`m(x)` for `m.forward(x)`).
    private static func callHint(_ methods: [String: NativeFunction]?) -> String? {
        guard let names = methods?.keys.sorted(), !names.isEmpty else { return nil }
        return "its methods are " + names.map { ".\($0)()" }.joined(separator: ", ")
    }

    private func enterCall(_ range: SourceRange) throws(ScriptError) {
        try tick(range)
        callDepth += 1
        if callDepth > maximumCallDepth {
            throw ScriptError(
                .recursion, "recursion too deep: more than \(maximumCallDepth) nested calls", at: range,
                hint: "check that the recursion has a base case that is reached")
        }
        try checkStack(range)
    }

    private func callScript(
        _ function: ScriptFunction, _ positional: [Value], _ keywords: [Keyword],
        _ range: SourceRange
    ) throws(ScriptError) -> Value {
        let declaration = function.declaration
        let (values, _) = try bind(
            name: declaration.name, names: declaration.parameters.map(\.name),
            defaults: function.defaults, keywordOnly: nil, variadic: false,
            signature: function.signature, positional, keywords, range)
        try enterCall(range)
        defer { callDepth -= 1 }
        let newFrame = Frame(slotCount: declaration.slotCount, parent: function.closure, graveyard: graveyard)
        for (i, value) in values.enumerated() { newFrame.slots[i] = value }
        let saved = frame
        frame = newFrame
        defer { frame = saved }
        do throws(ScriptError) {
            if case .returned(let value) = try exec(declaration.body) { return value }
            return .nil
        } catch {
            var located = error
            if let source = declaration.source { located = located.located(in: source) }
            let note = "in \(declaration.name)(), called at line \(range.start.line)"
            // Recursion would repeat one note hundreds of times; keep distinct frames, at most 8.
            if located.trace.count < 8, !range.isUnknown, located.trace.last != note {
                located.trace.append(note)
            }
            throw located
        }
    }

    private func callNative(
        _ function: NativeFunction, receiver: Value?, _ positional: [Value], _ keywords: [Keyword],
        _ range: SourceRange
    ) throws(ScriptError) -> Value {
        let (values, rest) = try bind(
            name: function.name, names: function.parameters.map(\.name),
            defaults: function.parameters.map(\.defaultValue),
            keywordOnly: function.parameters.map(\.isKeywordOnly),
            variadic: function.isVariadic, signature: function.signature,
            positional, keywords, range)
        try enterCall(range)
        defer { callDepth -= 1 }
        let arguments = Arguments(
            function: function.name, names: function.parameters.map(\.name), values: values,
            rest: rest, receiver: receiver, interpreter: self)
        let result = try host(at: range) { try function.body(arguments) }
        // Prelude results like append(xs, x) or enumerate(xs) add a level of nesting.
        if case .list = result, function.name != "copy" { try stored(result, range) }
        return result
    }

    /// Matches positional and keyword arguments to parameters, filling in defaults.
    private func bind(
        name: String, names: [String], defaults: [Value?], keywordOnly: [Bool]?, variadic: Bool,
        signature: String, _ positional: [Value], _ keywords: [Keyword],
        _ range: SourceRange
    ) throws(ScriptError) -> ([Value], [Value]) {
        var bound = [Value?](repeating: nil, count: names.count)
        var rest: [Value] = []
        var next = 0
        for value in positional {
            while next < names.count, keywordOnly?[next] == true { next += 1 }
            if next < names.count {
                bound[next] = value
                next += 1
            } else if variadic {
                rest.append(value)
            } else {
                let limit = names.count - (keywordOnly?.filter { $0 }.count ?? 0)
                throw ScriptError(
                    .argument,
                    "\(name) takes \(limit) positional argument\(limit == 1 ? "" : "s") but got \(positional.count)",
                    at: range, hint: "its signature is \(signature)")
            }
        }
        for keyword in keywords {
            guard let i = names.firstIndex(of: keyword.name) else {
                throw ScriptError(
                    .argument, "\(name) has no parameter '\(keyword.name)'",
                    at: keyword.range.isUnknown ? range : keyword.range,
                    hint: Suggestion.hint(for: keyword.name, in: names) ?? "its signature is \(signature)")
            }
            guard bound[i] == nil else {
                throw ScriptError(
                    .argument, "\(name) got two values for '\(keyword.name)'",
                    at: keyword.range.isUnknown ? range : keyword.range)
            }
            bound[i] = keyword.value
        }
        var values: [Value] = []
        values.reserveCapacity(names.count)
        for i in names.indices {
            if let value = bound[i] ?? defaults[i] {
                values.append(value)
            } else {
                throw ScriptError(
                    .argument, "\(name) is missing the argument '\(names[i])'", at: range,
                    hint: "its signature is \(signature)")
            }
        }
        return (values, rest)
    }
}

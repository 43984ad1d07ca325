extension Interpreter {
    func eval(_ expr: Expr) throws(ScriptError) -> Value {
        switch expr {
        case .literal(let value, _):
            return value
        case .global(let slot, let name, let range):
            guard let value = globals.values[slot] else { throw unassigned(name, range) }
            return value
        case .local(let slot, let name, let range):
            guard let value = frame?.slots[slot] else {
                throw ScriptError(.name, "'\(name)' is used before it is assigned in this function", at: range)
            }
            return value
        case .captured(let depth, let slot, let name, let range):
            guard let value = capturedFrame(depth)?.slots[slot] else {
                throw ScriptError(.name, "'\(name)' is used before it is assigned", at: range)
            }
            return value
        case .binary(let op, let leftExpr, let rightExpr, let range):
            let left = try eval(leftExpr)
            let right = try eval(rightExpr)
            if case .number(let a) = left, case .number(let b) = right {
                switch op {
                case .add: return .number(a + b)
                case .subtract: return .number(a - b)
                case .multiply: return .number(a * b)
                case .less: return .bool(a < b)
                case .lessEqual: return .bool(a <= b)
                case .greater: return .bool(a > b)
                case .greaterEqual: return .bool(a >= b)
                case .equal: return .bool(a == b)
                case .notEqual: return .bool(a != b)
                default: break
                }
            }
            try checkStack(range)
            return try binary(op, left, right, at: range)
        case .call(let callee, let arguments, let range):
            try checkStack(range)
            return try evalCall(callee, arguments, range)
        case .logical(let isAnd, let leftExpr, let rightExpr, _):
            let left = try eval(leftExpr)
            if isAnd ? !left.isTruthy : left.isTruthy { return left }
            return try eval(rightExpr)
        case .unary(let op, let operandExpr, let range):
            try checkStack(range)
            return try unary(op, try eval(operandExpr), at: range)
        case .conditional(let condition, let then, let otherwise, _):
            return try eval(try eval(condition).isTruthy ? then : otherwise)
        case .attribute(let objectExpr, let name, let range):
            try checkStack(range)
            return try attribute(of: try eval(objectExpr), name, at: range)
        case .index(let objectExpr, let items, let range):
            try checkStack(range)
            let object = try eval(objectExpr)
            return try index(object, try evalIndices(items), at: range)
        case .list(let elements, let range):
            try checkStack(range)
            var values: [Value] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                let value = try eval(element)
                try stored(value, element.range)
                values.append(value)
            }
            return .list(values)
        case .dictionary(let entries, let range):
            try checkStack(range)
            var dictionary = ScriptDictionary()
            for entry in entries {
                let key = try eval(entry.key)
                let value = try eval(entry.value)
                try stored(value, entry.value.range)
                guard dictionary.setValue(value, for: key) else {
                    throw ScriptError(
                        .type, "a \(key.typeName) cannot be a dictionary key", at: entry.key.range,
                        hint: "use strings, numbers, booleans or nil as keys")
                }
            }
            return .dictionary(dictionary)
        case .interpolated(let pieces, let range):
            try checkStack(range)
            var text = ""
            for piece in pieces {
                switch piece {
                case .text(let t): text += t
                case .expression(let e, let format):
                    let value = try eval(e)
                    if let format {
                        text += try Format.apply(format, to: value, at: e.range)
                    } else {
                        text += value.description
                    }
                    try checkStringSize(text.utf8.count, at: range)
                }
            }
            return .string(text)
        case .function(let declaration):
            return try makeFunction(declaration)
        case .name(let name, let range):
            throw ScriptError(.name, "unknown name '\(name)'", at: range)
        }
    }

    /// Refuses values nested so deeply that storing them in a collection could overflow the stack.
    func stored(_ value: Value, _ range: SourceRange) throws(ScriptError) {
        do throws(ScriptError) {
            try value.checkNestingForStorage()
        } catch {
            var located = error
            located.range = range
            throw located
        }
    }

    func capturedFrame(_ depth: Int) -> Frame? {
        var current = frame
        for _ in 0..<depth { current = current?.parent }
        return current
    }

    func unassigned(_ name: String, _ range: SourceRange) -> ScriptError {
        ScriptError(
            .name, "'\(name)' is not defined yet", at: range,
            hint: Suggestion.hint(for: name, in: globals.assignedNames) ?? "assign it before this line runs")
    }

    func checkStack(_ range: SourceRange) throws(ScriptError) {
        guard stack.hasRoom() else {
            throw ScriptError(
                .recursion, "recursion too deep: the expression or calls are nested too deeply", at: range)
        }
    }

    func evalIndices(_ items: [IndexItem]) throws(ScriptError) -> [IndexValue] {
        var values: [IndexValue] = []
        for item in items {
            switch item {
            case .single(let e): values.append(.single(try eval(e)))
            case .slice(let a, let b, let c):
                values.append(
                    .slice(
                        start: try a.map { e throws(ScriptError) in try eval(e) },
                        stop: try b.map { e throws(ScriptError) in try eval(e) },
                        step: try c.map { e throws(ScriptError) in try eval(e) }))
            }
        }
        return values
    }
}

/// How a statement finished: normally, or by `break`, `continue` or `return`.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returned(Value)
}

extension Interpreter {
    func exec(_ statements: [Stmt]) throws(ScriptError) -> Flow {
        for statement in statements {
            let flow = try exec(statement)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    func exec(_ statement: Stmt) throws(ScriptError) -> Flow {
        switch statement {
        case .expression(let expr):
            _ = try eval(expr)
        case .assign(let target, let value, _):
            try assign(try eval(value), to: target)
        case .augmented(let op, let target, let valueExpr, let range):
            let value = try eval(valueExpr)
            try modify(target) { (current: inout Value) throws(ScriptError) in
                if op == .add, case .list(var items) = current, case .list(let more) = value,
                    items.count + more.count <= Self.maximumRepeatedCount
                {
                    current = .nil
                    items.append(contentsOf: more)
                    current = .list(items)
                } else {
                    current = try binary(op, current, value, at: range)
                }
            }
        case .conditional(let branches, let otherwise, _):
            for branch in branches where try truthy(try eval(branch.condition), branch.condition.range) {
                return try exec(branch.body)
            }
            if let otherwise { return try exec(otherwise) }
        case .whileLoop(let condition, let body, _):
            while try truthy(try eval(condition), condition.range) {
                try tick(condition.range)
                switch try exec(body) {
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                case .normal, .continueLoop: continue
                }
            }
        case .forLoop(let variable, let iterableExpr, let body, _):
            return try execFor(variable, try eval(iterableExpr), iterableExpr.range, body)
        case .function(let declaration, let target):
            try assign(try makeFunction(declaration), to: target)
        case .returnValue(let value, _):
            return .returned(try value.map { v throws(ScriptError) in try eval(v) } ?? .nil)
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        case .pass, .global:
            break
        }
        return .normal
    }

    /// Counts a step against `stepLimit`.
    func tick(_ range: SourceRange) throws(ScriptError) {
        if !graveyard.isEmpty { graveyard.drain() }
        steps &+= 1
        if steps & 1023 == 0, let shouldInterrupt, shouldInterrupt() {
            throw ScriptError(.limit, "interrupted", at: range)
        }
        if let stepLimit, steps > stepLimit {
            throw ScriptError(.limit, "stopped after \(stepLimit) steps (loop iterations and calls)", at: range)
        }
    }

    private func truthy(_ value: Value, _ range: SourceRange) throws(ScriptError) -> Bool {
        if case .bool(let b) = value { return b }
        return value.isTruthy
    }

    func makeFunction(_ declaration: FunctionDeclaration) throws(ScriptError) -> Value {
        var defaults: [Value?] = []
        for parameter in declaration.parameters {
            defaults.append(try parameter.defaultValue.map { e throws(ScriptError) in try eval(e) })
        }
        return .function(
            ScriptFunction(declaration: declaration, defaults: defaults, closure: frame, graveyard: graveyard))
    }

    private func execFor(_ variable: Expr, _ iterable: Value, _ range: SourceRange, _ body: [Stmt]) throws(ScriptError)
        -> Flow
    {
        if case .range(let r) = iterable {
            for i in 0..<r.count {
                try tick(range)
                try assign(.number(Double(r.element(i))), to: variable)
                switch try exec(body) {
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                case .normal, .continueLoop: continue
                }
            }
            return .normal
        }
        let items: [Value]
        switch iterable {
        case .list(let l): items = l
        case .dictionary(let d): items = d.keys
        case .string(let s): items = s.map { .string(String($0)) }
        case .host(let object):
            guard let elements = try host(at: range, { try object.elements() }) else {
                throw ScriptError(.type, "cannot loop over a \(object.typeName)", at: range)
            }
            items = elements
        default:
            throw ScriptError(
                .type, "cannot loop over a \(iterable.typeName)", at: range,
                hint: "loop over a list, a range(n), a dict's keys or a string")
        }
        for item in items {
            try tick(range)
            try assign(item, to: variable)
            switch try exec(body) {
            case .breakLoop: return .normal
            case .returned(let v): return .returned(v)
            case .normal, .continueLoop: continue
            }
        }
        return .normal
    }

    /// Runs host code, turning any Swift error it throws into a `host` diagnostic at `range`.
    func host<T>(at range: SourceRange, _ body: () throws -> T) throws(ScriptError) -> T {
        do {
            return try body()
        } catch let error as ScriptError {
            var located = error
            if located.range.isUnknown { located.range = range }
            throw located
        } catch {
            throw ScriptError(.host, String(describing: error), at: range)
        }
    }
}

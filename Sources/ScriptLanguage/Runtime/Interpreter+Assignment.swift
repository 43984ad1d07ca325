extension Interpreter {
    /// `target = value`, where target is a variable, `object.name` or `object[indices]`. Changing a
    /// part of a list or dict changes the variable that holds it (values are updated in place).
    func assign(_ value: Value, to target: Expr) throws(ScriptError) {
        switch target {
        case .global(let slot, _, _):
            globals.values[slot] = value
        case .local(let slot, _, _):
            frame?.slots[slot] = value
        case .captured(let depth, let slot, _, _):
            capturedFrame(depth)?.slots[slot] = value
        case .attribute(let objectExpr, let name, let range):
            try modify(objectExpr) { (object: inout Value) throws(ScriptError) in
                try setAttribute(&object, name, value, at: range)
            }
        case .index(let objectExpr, let items, let range):
            let indices = try evalIndices(items)
            try modify(objectExpr) { (object: inout Value) throws(ScriptError) in
                try setIndex(&object, indices, value, at: range)
            }
        case .list(let targets, let range):
            let values: [Value]
            switch value {
            case .list(let items): values = items
            case .range(let r) where r.count == targets.count: values = try Value.materialise(r)
            default:
                throw ScriptError(
                    .type, "cannot unpack a \(value.typeName) into \(targets.count) names", at: range,
                    hint: "the right side must be a list of \(targets.count) values")
            }
            guard values.count == targets.count else {
                throw ScriptError(
                    .value,
                    "cannot unpack \(values.count) value\(values.count == 1 ? "" : "s") into \(targets.count) names",
                    at: range)
            }
            for (target, item) in zip(targets, values) { try assign(item, to: target) }
        default:
            throw ScriptError(.type, "cannot assign to this expression", at: target.range)
        }
    }

    /// Runs `body` on the value stored at `target`, then stores the result back. The stored value
    /// is moved out first so the body owns it uniquely and list or dict updates do not copy.
    /// A target that is not a variable (a call result) is evaluated and modified as a temporary.
    @discardableResult
    func modify<R>(_ target: Expr, _ body: (inout Value) throws(ScriptError) -> R) throws(ScriptError) -> R {
        switch target {
        case .global(let slot, let name, let range):
            guard var value = globals.values[slot] else { throw unassigned(name, range) }
            globals.values[slot] = nil
            defer { globals.values[slot] = value }
            return try body(&value)
        case .local(let slot, let name, let range):
            guard let current = frame, var value = current.slots[slot] else {
                throw ScriptError(.name, "'\(name)' is used before it is assigned in this function", at: range)
            }
            current.slots[slot] = nil
            defer { current.slots[slot] = value }
            return try body(&value)
        case .captured(let depth, let slot, let name, let range):
            guard let owner = capturedFrame(depth), var value = owner.slots[slot] else {
                throw ScriptError(.name, "'\(name)' is used before it is assigned", at: range)
            }
            owner.slots[slot] = nil
            defer { owner.slots[slot] = value }
            return try body(&value)
        case .attribute(let objectExpr, let name, let range):
            return try modify(objectExpr) { (object: inout Value) throws(ScriptError) -> R in
                var member = try attribute(of: object, name, at: range)
                if case .dictionary = object { try setAttribute(&object, name, .nil, at: range) }
                let result: R
                do throws(ScriptError) {
                    result = try body(&member)
                } catch {
                    try setAttribute(&object, name, member, at: range)
                    throw error
                }
                if !Self.isSameObject(member, as: try attribute(of: object, name, at: range)) {
                    try setAttribute(&object, name, member, at: range)
                }
                return result
            }
        case .index(let objectExpr, let items, let range):
            let indices = try evalIndices(items)
            return try modify(objectExpr) { (object: inout Value) throws(ScriptError) -> R in
                var element = try index(object, indices, at: range)
                if case .host = object {} else { try setIndex(&object, indices, .nil, at: range) }
                let result: R
                do throws(ScriptError) {
                    result = try body(&element)
                } catch {
                    try setIndex(&object, indices, element, at: range)
                    throw error
                }
                if case .host = object, case .host = element,
                    Self.isSameObject(element, as: try index(object, indices, at: range))
                {
                    return result
                }
                try setIndex(&object, indices, element, at: range)
                return result
            }
        default:
            var temporary = try eval(target)
            return try body(&temporary)
        }
    }

    /// Whether both are the same host object (so writing it back would be a no-op).
    private static func isSameObject(_ a: Value, as b: Value) -> Bool {
        if case .host(let x) = a, case .host(let y) = b { return x === y }
        return false
    }

    private func setAttribute(_ object: inout Value, _ name: String, _ value: Value, at range: SourceRange)
        throws(ScriptError)
    {
        try stored(value, range)
        switch object {
        case .dictionary(var d):
            object = .nil
            d.setValue(value, forString: name)
            object = .dictionary(d)
        case .host(let host):
            let accepted = try self.host(at: range) { try host.setAttribute(name, to: value) }
            guard accepted else {
                throw ScriptError(
                    .attribute, "cannot set attribute '\(name)' of a \(host.typeName)", at: range,
                    hint: Suggestion.hint(for: name, in: host.attributeNames))
            }
        default:
            throw ScriptError(
                .attribute, "cannot set attribute '\(name)' of a \(object.typeName)", at: range,
                hint: "only dicts and host objects have settable attributes")
        }
    }

    private func setIndex(_ object: inout Value, _ indices: [IndexValue], _ value: Value, at range: SourceRange)
        throws(ScriptError)
    {
        if case .host(let host) = object {
            let accepted = try self.host(at: range) { try host.subscriptSet(indices, to: value) }
            guard accepted else {
                throw ScriptError(.type, "a \(host.typeName) does not support item assignment", at: range)
            }
            return
        }
        guard let first = indices.first else { return }
        if indices.count > 1 {
            guard case .single = first else {
                throw ScriptError(.type, "a \(object.typeName) takes one slice, not several", at: range)
            }
            try stored(value, range)
            var inner = try index(object, [first], at: range)
            try setIndex(&object, [first], .nil, at: range)
            try setIndex(&inner, Array(indices.dropFirst()), value, at: range)
            try setIndex(&object, [first], inner, at: range)
            return
        }
        try stored(value, range)
        switch (object, first) {
        case (.list(var items), .single(let i)):
            let p = try Self.position(i, count: items.count, at: range)
            object = .nil
            items[p] = value
            object = .list(items)
        case (.dictionary(var d), .single(let key)):
            object = .nil
            defer { object = .dictionary(d) }
            guard d.setValue(value, for: key) else {
                throw ScriptError(
                    .type, "a \(key.typeName) cannot be a dictionary key", at: range,
                    hint: "use strings, numbers, booleans or nil as keys")
            }
        case (.list, .slice):
            throw ScriptError(
                .type, "assigning to a slice of a list is not supported", at: range,
                hint: "assign elements one at a time in a loop")
        default:
            throw ScriptError(
                .type, "a \(object.typeName) does not support item assignment", at: range,
                hint: object.typeName == "string" ? "strings cannot be changed; build a new one" : nil)
        }
    }
}

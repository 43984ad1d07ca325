/// The arguments of a native call, already bound to the function's parameters: `values[i]` is the
/// argument (or default) of parameter `i`. Typed accessors throw `ScriptError`s that name the
/// function and parameter.
public struct Arguments {
    /// The called function's name, for messages.
    public let function: String
    /// The parameter names, parallel to `values`.
    public let names: [String]
    /// One value per parameter, defaults filled in.
    public let values: [Value]
    /// Extra positional arguments of a variadic function.
    public let rest: [Value]
    /// The value before the dot, for methods.
    public let receiver: Value?
    /// The interpreter, for calling back into script functions.
    public unowned let interpreter: Interpreter

    /// The value of parameter `i`.
    public subscript(i: Int) -> Value { values[i] }

    /// The value of the parameter called `name`, if there is one.
    public subscript(name: String) -> Value? {
        names.firstIndex(of: name).map { values[$0] }
    }

    /// A `type` error saying parameter `i` should be a `expected`.
    public func typeError(_ i: Int, expected: String) -> ScriptError {
        let value = i < values.count ? values[i] : .nil
        let name = i < names.count ? "'\(names[i])'" : "argument \(i + 1)"
        return ScriptError(.type, "\(function) expects \(name) to be \(expected), got \(value.typeName)")
    }

    /// Parameter `i` as a number.
    public func number(_ i: Int) throws(ScriptError) -> Double {
        if case .number(let n) = values[i] { return n }
        if case .bool(let b) = values[i] { return b ? 1 : 0 }
        throw typeError(i, expected: "a number")
    }

    /// Parameter `i` as an integer; non-integral or huge numbers are `value` errors.
    public func integer(_ i: Int) throws(ScriptError) -> Int {
        let n = try number(i)
        guard let exact = Value.exactInteger(n) else {
            throw ScriptError(.value, "\(function) expects '\(names[i])' to be a whole number, got \(Value.format(n))")
        }
        return exact
    }

    /// Parameter `i` as a string.
    public func string(_ i: Int) throws(ScriptError) -> String {
        if case .string(let s) = values[i] { return s }
        throw typeError(i, expected: "a string")
    }

    /// Parameter `i` as a boolean (any value's truthiness).
    public func bool(_ i: Int) -> Bool { values[i].isTruthy }

    /// Parameter `i` as a list; ranges are materialised.
    public func list(_ i: Int) throws(ScriptError) -> [Value] {
        switch values[i] {
        case .list(let l): return l
        case .range(let r): return try Value.materialise(r)
        default: throw typeError(i, expected: "a list")
        }
    }

    /// Parameter `i` as a host object of type `T`.
    public func host<T: HostObject>(_ i: Int, as type: T.Type, named: String) throws(ScriptError) -> T {
        if case .host(let object) = values[i], let typed = object as? T { return typed }
        throw typeError(i, expected: "a \(named)")
    }

    /// Calls a script or native function value with positional arguments.
    public func call(_ function: Value, _ arguments: [Value]) throws(ScriptError) -> Value {
        try interpreter.call(function, arguments: arguments)
    }
}

extension Value {
    /// `n` as an `Int` if it is whole and within ±2⁵³.
    public static func exactInteger(_ n: Double) -> Int? {
        guard n == n.rounded(), abs(n) <= 9_007_199_254_740_992 else { return nil }
        return Int(n)
    }

    /// Ranges longer than this are not turned into lists (a typo like `range(1e12)` would exhaust memory).
    static let maximumMaterialisedCount = 10_000_000

    static func materialise(_ r: ScriptRange) throws(ScriptError) -> [Value] {
        guard r.count <= maximumMaterialisedCount else {
            throw ScriptError(.value, "range of \(r.count) values is too large to turn into a list")
        }
        var out: [Value] = []
        out.reserveCapacity(r.count)
        for i in 0..<r.count { out.append(.number(Double(r.element(i)))) }
        return out
    }
}

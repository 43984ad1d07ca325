/// A script value. Lists and dictionaries are values (copied on assignment, as in Swift), so a
/// failed statement can be undone by restoring the globals; host objects are references.
public enum Value {
    /// The absence of a value.
    case `nil`
    /// `true` or `false`.
    case bool(Bool)
    /// Every number is a double.
    case number(Double)
    /// Text.
    case string(String)
    /// An ordered list.
    case list([Value])
    /// An insertion-ordered dictionary.
    case dictionary(ScriptDictionary)
    /// A lazy integer range from `range(...)`.
    case range(ScriptRange)
    /// A function written in the script, with its captured variables.
    case function(ScriptFunction)
    /// A function provided by the host.
    case native(NativeFunction)
    /// A native method bound to its receiver (`xs.append`, `tensor.sum`).
    case method(BoundMethod)
    /// An object owned by the host (a tensor, a model, a dataset, …).
    case host(any HostObject)

    /// The type name `type(x)` returns and messages use.
    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .list: return "list"
        case .dictionary: return "dict"
        case .range: return "range"
        case .function, .native, .method: return "function"
        case .host(let object): return object.typeName
        }
    }

    /// Truthiness: `nil`, `false`, `0`, and empty strings and collections are false.
    public var isTruthy: Bool {
        switch self {
        case .nil: return false
        case .bool(let b): return b
        case .number(let n): return n != 0
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.isEmpty
        case .dictionary(let d): return d.count > 0
        case .range(let r): return r.count > 0
        case .function, .native, .method: return true
        case .host(let object): return object.isTruthy
        }
    }

    /// Structural equality for data, identity for functions and host objects (unless the host
    /// implements `==` through `binaryOperation`).
    public func isEqual(to other: Value) -> Bool {
        switch (self, other) {
        case (.nil, .nil): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isEqual(to: $1) }
        case (.dictionary(let a), .dictionary(let b)): return a.isEqual(to: b)
        case (.range(let a), .range(let b)): return a == b
        case (.function(let a), .function(let b)): return a === b
        case (.native(let a), .native(let b)): return a === b
        case (.method(let a), .method(let b)): return a.function === b.function && a.receiver.isEqual(to: b.receiver)
        case (.host(let a), .host(let b)): return a === b
        default: return false
        }
    }
}

/// A function defined in a script: its declaration, evaluated defaults and captured frame.
public final class ScriptFunction {
    /// The definition.
    public let declaration: FunctionDeclaration
    /// Parameter defaults, evaluated when the function was defined (nil: required).
    let defaults: [Value?]
    /// The frame of the enclosing function, for captured variables (nil at top level).
    let closure: Frame?
    private let graveyard: Graveyard

    init(declaration: FunctionDeclaration, defaults: [Value?], closure: Frame?, graveyard: Graveyard) {
        self.declaration = declaration
        self.defaults = defaults
        self.closure = closure
        self.graveyard = graveyard
    }

    deinit {
        graveyard.bury(.values(defaults))
        if let closure { graveyard.bury(.frame(closure)) }
    }

    /// `name(a, b = 2)`, for `help` and messages.
    public var signature: String {
        let parameters = zip(declaration.parameters, defaults).map { parameter, value in
            value.map { "\(parameter.name) = \($0.repr)" } ?? parameter.name
        }
        return "\(declaration.name)(\(parameters.joined(separator: ", ")))"
    }
}

/// A native method together with the value it was looked up on.
public final class BoundMethod {
    /// The value before the dot.
    public let receiver: Value
    /// The method's native implementation; it receives `receiver` in `Arguments.receiver`.
    public let function: NativeFunction

    init(receiver: Value, function: NativeFunction) {
        self.receiver = receiver
        self.function = function
    }
}

/// An integer range `start, start + step, …` stopping before `stop`, materialised only on demand.
public struct ScriptRange: Equatable, Sendable {
    /// The first value.
    public let start: Int
    /// The bound, never reached.
    public let stop: Int
    /// The increment, never zero.
    public let step: Int

    /// The number of values.
    public var count: Int {
        if step > 0 { return start < stop ? (stop - start - 1) / step + 1 : 0 }
        return start > stop ? (start - stop - 1) / (-step) + 1 : 0
    }

    /// The `i`-th value (0-based, `i < count`).
    public func element(_ i: Int) -> Int { start + i * step }
}

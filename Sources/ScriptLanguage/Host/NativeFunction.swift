/// A function the host provides, described by a table entry (as Lua's `luaL_Reg`): a name, a
/// signature, a one-line doc that `help` shows, and a Swift body.
///
/// ```swift
/// NativeFunction("clamp", ["x", .init("low", default: .number(0)), .init("high", default: .number(1))],
///                doc: "Limits x to [low, high].") { args in
///     .number(min(max(try args.number(0), try args.number(1)), try args.number(2)))
/// }
/// ```
public final class NativeFunction {
    /// The name the script calls it by.
    public let name: String
    /// The parameters in order; the interpreter binds positional and keyword arguments to them.
    public let parameters: [Parameter]
    /// Whether extra positional arguments are accepted; they arrive in `Arguments.rest`.
    public let isVariadic: Bool
    /// One line shown by `help(name)`.
    public let doc: String
    /// The implementation. Throw `ScriptError` for script-level mistakes; any other error becomes a
    /// `host` diagnostic that keeps its message and the call's source range.
    public let body: (Arguments) throws -> Value

    /// Creates a table entry.
    public init(
        _ name: String, _ parameters: [Parameter] = [], variadic: Bool = false, doc: String,
        body: @escaping (Arguments) throws -> Value
    ) {
        self.name = name
        self.parameters = parameters
        self.isVariadic = variadic
        self.doc = doc
        self.body = body
    }

    /// `name(a, b = 2, *rest)`, as `help` prints it.
    public var signature: String {
        var items = parameters.map(\.description)
        if isVariadic { items.append("...") }
        return "\(name)(\(items.joined(separator: ", ")))"
    }
}

/// One parameter of a native function.
public struct Parameter: ExpressibleByStringLiteral, CustomStringConvertible {
    /// The parameter's name; also its keyword.
    public let name: String
    /// The value used when the argument is omitted; nil makes the parameter required.
    public let defaultValue: Value?
    /// Whether the argument can only be passed by keyword (`epochs: 2`).
    public let isKeywordOnly: Bool

    /// A parameter, optional if it has a default.
    public init(_ name: String, default defaultValue: Value? = nil, keywordOnly: Bool = false) {
        self.name = name
        self.defaultValue = defaultValue
        self.isKeywordOnly = keywordOnly
    }

    /// A required positional parameter: `"x"`.
    public init(stringLiteral name: String) {
        self.init(name)
    }

    /// `name`, `name = default` or `name: default` for keyword-only parameters.
    public var description: String {
        guard let defaultValue else { return name }
        return isKeywordOnly ? "\(name): \(defaultValue.repr)" : "\(name) = \(defaultValue.repr)"
    }
}

/// An object owned by the host (a tensor, a model, a run). The script sees its attributes,
/// the methods of its `HostType`, and whatever operators it implements; every hook has a default
/// that declines, so a type implements only what it supports.
public protocol HostObject: AnyObject, CustomStringConvertible {
    /// The name of the registered `HostType` whose methods this object has (`"Tensor"`).
    var typeName: String { get }
    /// A property, or nil if there is none by that name (methods come from the `HostType`).
    func attribute(_ name: String) throws -> Value?
    /// Sets a property; returns false if there is none by that name.
    func setAttribute(_ name: String, to value: Value) throws -> Bool
    /// Property names, for completion and error suggestions.
    var attributeNames: [String] { get }
    /// `self op other` (or `other op self` when `selfOnLeft` is false), or nil if unsupported.
    /// Comparisons may return any value (a tensor mask, for instance).
    func binaryOperation(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value?
    /// `-self`, `+self` or `not self`, or nil if unsupported.
    func unaryOperation(_ op: UnaryOperator) throws -> Value?
    /// `self[indices]`, or nil if the object cannot be indexed.
    func subscriptGet(_ indices: [IndexValue]) throws -> Value?
    /// `self[indices] = value`; returns false if the object cannot be assigned into.
    func subscriptSet(_ indices: [IndexValue], to value: Value) throws -> Bool
    /// The length `len` reports, or nil if the object has none.
    var length: Int? { get }
    /// The values a `for` loop visits, or nil if the object is not iterable.
    func elements() throws -> [Value]?
    /// Truthiness in `if` and `while` (default true).
    var isTruthy: Bool { get }
    /// A Markdown rendering (a table of metrics) for front ends that show it, or nil.
    var markdown: String? { get }
}

extension HostObject {
    /// No properties.
    public func attribute(_ name: String) throws -> Value? { nil }
    /// No settable properties.
    public func setAttribute(_ name: String, to value: Value) throws -> Bool { false }
    /// No property names.
    public var attributeNames: [String] { [] }
    /// No operators.
    public func binaryOperation(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? { nil }
    /// No unary operators.
    public func unaryOperation(_ op: UnaryOperator) throws -> Value? { nil }
    /// Not indexable.
    public func subscriptGet(_ indices: [IndexValue]) throws -> Value? { nil }
    /// Not assignable.
    public func subscriptSet(_ indices: [IndexValue], to value: Value) throws -> Bool { false }
    /// No length.
    public var length: Int? { nil }
    /// Not iterable.
    public func elements() throws -> [Value]? { nil }
    /// Always true.
    public var isTruthy: Bool { true }
    /// No Markdown: front ends show `description`.
    public var markdown: String? { nil }
}

/// One evaluated item of an index expression: `t[0, 1:3, ::2]` gives
/// `[.single(0), .slice(1, 3, nil), .slice(nil, nil, 2)]`.
public enum IndexValue {
    /// One index value.
    case single(Value)
    /// A slice `start:stop:step`; omitted parts are nil.
    case slice(start: Value?, stop: Value?, step: Value?)
}

/// The table of a host type: its name, a one-line doc, its methods and, optionally, what
/// calling an object does. Register it with `Interpreter.register(_:)`; objects whose
/// `typeName` matches get these methods.
///
/// ```swift
/// HostType("Model", doc: "A network.", methods: [...],
///          call: NativeFunction("model", ["images"], doc: "Forwards a batch.") { args in ... })
/// // in a script: out = net(x)   — the body receives `net` as `Arguments.receiver`
/// ```
public struct HostType {
    /// The type's name, as `type(x)` reports it.
    public let name: String
    /// One line shown by `help`.
    public let doc: String
    /// The methods; each receives the object as `Arguments.receiver`.
    public let methods: [NativeFunction]
    /// What `object(args)` runs, receiving the object as `Arguments.receiver`; nil makes the
    /// type's objects not callable.
    public let call: NativeFunction?

    /// Creates a type table; give `call` to make its objects callable like functions.
    public init(_ name: String, doc: String, methods: [NativeFunction], call: NativeFunction? = nil) {
        self.name = name
        self.doc = doc
        self.methods = methods
        self.call = call
    }
}

/// An expression. The parser produces `name` nodes; the resolver replaces each with `global`,
/// `local` or `captured`, which carry the variable's slot.
public indirect enum Expr {
    /// A constant: number, string, boolean or nil.
    case literal(Value, SourceRange)
    /// A string with interpolations: literal text and expressions with optional format specs.
    case interpolated([InterpolationPiece], SourceRange)
    /// A name before resolution.
    case name(String, SourceRange)
    /// A resolved top-level variable: its slot in the globals, and its name for messages.
    case global(slot: Int, name: String, SourceRange)
    /// A resolved variable of the current function: its slot in the frame.
    case local(slot: Int, name: String, SourceRange)
    /// A variable of an enclosing function, `depth` frames out.
    case captured(depth: Int, slot: Int, name: String, SourceRange)
    /// A list display `[a, b]`.
    case list([Expr], SourceRange)
    /// A dictionary display `{key: value, ...}`.
    case dictionary([(key: Expr, value: Expr)], SourceRange)
    /// `-x`, `+x` or `not x`.
    case unary(UnaryOperator, Expr, SourceRange)
    /// An arithmetic, comparison or membership operation.
    case binary(BinaryOperator, Expr, Expr, SourceRange)
    /// `a and b` (`isAnd`) or `a or b`, which short-circuit.
    case logical(isAnd: Bool, Expr, Expr, SourceRange)
    /// `then if condition else otherwise`.
    case conditional(condition: Expr, then: Expr, otherwise: Expr, SourceRange)
    /// A call `f(a, key: b)`.
    case call(Expr, [Argument], SourceRange)
    /// `object.name`.
    case attribute(Expr, String, SourceRange)
    /// `object[i, a:b]`.
    case index(Expr, [IndexItem], SourceRange)
    /// An anonymous function `fn(x) => x * 2`.
    case function(FunctionDeclaration)

    /// Where the expression is in the source.
    public var range: SourceRange {
        switch self {
        case .literal(_, let r), .interpolated(_, let r), .name(_, let r), .global(_, _, let r),
            .local(_, _, let r), .captured(_, _, _, let r), .list(_, let r), .dictionary(_, let r),
            .unary(_, _, let r), .binary(_, _, _, let r), .logical(_, _, _, let r),
            .conditional(_, _, _, let r), .call(_, _, let r), .attribute(_, _, let r), .index(_, _, let r):
            return r
        case .function(let f):
            return f.range
        }
    }
}

/// A piece of an interpolated string.
public enum InterpolationPiece {
    /// Literal text.
    case text(String)
    /// An interpolated expression and its format spec.
    case expression(Expr, format: String?)
}

/// One argument of a call: positional (`label == nil`) or keyword (`epochs: 2`).
public struct Argument {
    /// The keyword, or nil for a positional argument.
    public var label: String?
    /// The argument expression.
    public var value: Expr
    /// The whole argument, label included.
    public var range: SourceRange
}

/// One item between the brackets of an index expression `t[0, 1:3, ::2]`.
public enum IndexItem {
    /// One index value.
    case single(Expr)
    /// A slice `start:stop:step`; omitted parts are nil.
    case slice(start: Expr?, stop: Expr?, step: Expr?)
}

/// Unary operators.
public enum UnaryOperator: String, Sendable {
    /// Negation, identity and logical not.
    case negate = "-"
    case plus = "+"
    case not = "not"
}

/// Binary operators, which host values may implement (see `HostObject.binaryOperation`).
public enum BinaryOperator: String, Sendable, CaseIterable {
    /// Arithmetic.
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case floorDivide = "//"
    case modulo = "%"
    /// Power and matrix product.
    case power = "**"
    case matmul = "@"
    /// Comparisons.
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    /// Membership; the container is the right operand.
    case contains = "in"
    case notContains = "not in"

    /// Whether the operator compares its operands and yields a boolean.
    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .contains, .notContains: return true
        default: return false
        }
    }
}

/// A statement.
public indirect enum Stmt {
    /// An expression evaluated for its effect (or, last in a cell, its value).
    case expression(Expr)
    /// `target = value`, where target is a name, attribute or index expression.
    case assign(target: Expr, value: Expr, SourceRange)
    /// `target op= value`.
    case augmented(BinaryOperator, target: Expr, value: Expr, SourceRange)
    /// `if`/`elif` branches, then an optional `else` block.
    case conditional([(condition: Expr, body: [Stmt])], otherwise: [Stmt]?, SourceRange)
    /// `while condition:` and its body.
    case whileLoop(condition: Expr, body: [Stmt], SourceRange)
    /// `for variable in iterable:` and its body.
    case forLoop(variable: Expr, iterable: Expr, body: [Stmt], SourceRange)
    /// `def name(...)`: defines a function and assigns it to `target`.
    case function(FunctionDeclaration, target: Expr)
    /// `return [value]`.
    case returnValue(Expr?, SourceRange)
    /// `break`.
    case breakLoop(SourceRange)
    /// `continue`.
    case continueLoop(SourceRange)
    /// `pass`.
    case pass(SourceRange)
    /// `global a, b`: these names refer to globals in this function.
    case global([String], SourceRange)

    /// Where the statement is in the source.
    public var range: SourceRange {
        switch self {
        case .expression(let e): return e.range
        case .assign(_, _, let r), .augmented(_, _, _, let r), .conditional(_, _, let r),
            .whileLoop(_, _, let r), .forLoop(_, _, _, let r), .returnValue(_, let r),
            .breakLoop(let r), .continueLoop(let r), .pass(let r), .global(_, let r):
            return r
        case .function(let f, _): return f.range
        }
    }
}

/// A parameter of a script function: a name and an optional default.
public struct ParameterDeclaration {
    /// The parameter's name.
    public var name: String
    /// The default, evaluated when the function is defined.
    public var defaultValue: Expr?
}

/// A function's definition, shared by every closure made from it.
public final class FunctionDeclaration {
    /// The name (`<fn>` for anonymous functions).
    public let name: String
    /// The parameters in order.
    public internal(set) var parameters: [ParameterDeclaration]
    /// The body; an anonymous function's body is a single `return`.
    public internal(set) var body: [Stmt]
    /// Number of local slots (parameters first); set by the resolver.
    public internal(set) var slotCount = 0
    /// The local names by slot, for messages.
    public internal(set) var slotNames: [String] = []
    /// The `def` line.
    public let range: SourceRange
    /// The text the function was written in, so errors inside it quote the right line.
    public let source: SourceFile?

    init(name: String, parameters: [ParameterDeclaration], body: [Stmt], range: SourceRange, source: SourceFile?) {
        self.name = name
        self.source = source
        self.parameters = parameters
        self.body = body
        self.range = range
    }
}

/// One notebook cell: the statements between `# %%` lines.
public struct Cell {
    /// The statements, in order.
    public var statements: [Stmt]
    /// From the cell's first line to its last.
    public var range: SourceRange
}

/// A parsed file: a list of cells (one if the file has no `# %%` lines).
public struct Program {
    /// The cells, in order.
    public var cells: [Cell]
}

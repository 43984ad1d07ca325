/// One lexical unit of `.airs` source.
public struct Token: Sendable, CustomStringConvertible {
    /// The kinds of token; keywords and operators are spelled by their text.
    public enum Kind: Sendable, Equatable {
        /// An identifier.
        case name(String)
        /// A numeric literal.
        case number(Double)
        /// A string literal, split into literal text and `{expression}` parts.
        case string([StringPart])
        /// A reserved word.
        case keyword(Keyword)
        /// An operator or punctuation mark: `+`, `**`, `(`, `:`, `+=`, `=>`, …
        case symbol(String)
        /// The end of a logical line.
        case newline
        /// The start of a more deeply indented block.
        case indent
        /// The end of an indented block.
        case dedent
        /// A `# %%` line: the start of a new notebook cell.
        case cellSeparator
        /// The end of the input.
        case end
    }

    /// The kind and payload.
    public let kind: Kind
    /// Where the token is in the source.
    public let range: SourceRange

    /// Creates a token.
    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    /// The token as a user would recognise it in a message (`'+'`, `name 'x'`, `end of line`).
    public var description: String {
        switch kind {
        case .name(let n): return "name '\(n)'"
        case .number(let v): return "number \(Value.number(v))"
        case .string: return "string"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .symbol(let s): return "'\(s)'"
        case .newline: return "end of line"
        case .indent: return "indentation"
        case .dedent: return "end of block"
        case .cellSeparator: return "'# %%' cell separator"
        case .end: return "end of input"
        }
    }
}

/// A piece of a string literal.
public enum StringPart: Sendable, Equatable {
    /// Literal text, escapes already decoded.
    case text(String)
    /// The source of an interpolated `{expression}`, where it starts, and an optional format spec (`.3f`).
    case code(String, SourceLocation, format: String?)
}

/// Reserved words.
public enum Keyword: String, Sendable, CaseIterable {
    /// Statement keywords.
    case `if`, elif, `else`, `while`, `for`, `in`, `def`, fn, `return`, `break`, `continue`, pass
    /// Operator, literal and scope keywords.
    case and, or, not, `true`, `false`, `nil`, global
}

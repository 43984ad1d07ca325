/// Every error the language reports: a value with a kind, a message, a source range and, once the
/// interpreter has attached them, the file name and the offending source line.
///
/// `description` renders it the way compilers do:
/// ```
/// error[name]: unknown name 'lenght'
///  --> train.airs:3:7
///   |
/// 3 | print(lenght(xs))
///   |       ^^^^^^
///   = hint: did you mean 'length'?
/// ```
public struct ScriptError: Error, Sendable, CustomStringConvertible {
    /// What kind of mistake this is; tests and tools match on it.
    public enum Kind: String, Sendable, CaseIterable {
        /// Malformed characters: an unterminated string, a bad number, inconsistent indentation.
        case lex
        /// Tokens in an order the grammar does not allow.
        case parse
        /// A statement in the wrong place (`break` outside a loop, `return` outside a function).
        case resolve
        /// An unknown or not-yet-assigned name.
        case name
        /// An operation on a value of the wrong type.
        case type
        /// Wrong number of arguments, a missing or unknown keyword argument.
        case argument
        /// A value of the right type but outside what the operation accepts.
        case value
        /// Division or modulo by zero.
        case divisionByZero
        /// A list, string or range index outside its bounds.
        case index
        /// A dictionary key that is not present.
        case key
        /// An attribute that the value does not have.
        case attribute
        /// An `assert` that failed.
        case assertion
        /// Too many nested calls or too deeply nested code.
        case recursion
        /// The script ran past `Interpreter.stepLimit`.
        case limit
        /// Ctrl-C stopped a long host operation (a training run) at a safe point; the message
        /// says where it stopped and what continues it, and is all a front end needs to show.
        case interrupted
        /// An error thrown by a host (native) function, with the host's message.
        case host
    }

    /// What kind of mistake this is.
    public var kind: Kind
    /// What went wrong, in one sentence.
    public var message: String
    /// Where it went wrong.
    public var range: SourceRange
    /// What to do about it, if the interpreter can tell (a suggested name, a valid list).
    public var hint: String?
    /// The file (or `<shell>`, `<string>`) the range refers to; set by the interpreter.
    public var file: String
    /// The text of the source line at `range.start`; set by the interpreter.
    public var sourceLine: String?
    /// Calls that led here, innermost first (`in f (line 3)`).
    public var trace: [String]

    /// Creates an error; `file` and `sourceLine` are usually filled in later by the interpreter.
    public init(
        _ kind: Kind, _ message: String, at range: SourceRange = .unknown, hint: String? = nil,
        file: String = "", sourceLine: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.range = range
        self.hint = hint
        self.file = file
        self.sourceLine = sourceLine
        self.trace = []
    }

    /// The error with `file` and the matching source line taken from `source`.
    public func located(in source: SourceFile) -> ScriptError {
        var copy = self
        if copy.file.isEmpty { copy.file = source.name }
        if copy.sourceLine == nil, !range.isUnknown { copy.sourceLine = source.line(range.start.line) }
        return copy
    }

    /// The rendered diagnostic: kind, message, `file:line:column`, the source line with a caret, hint, trace.
    public var description: String {
        var out = "error[\(kind.rawValue)]: \(message)"
        let place = range.isUnknown ? file : "\(file.isEmpty ? "<input>" : file):\(range.start)"
        if !place.isEmpty { out += "\n --> \(place)" }
        if let text = sourceLine, !range.isUnknown {
            let number = String(range.start.line)
            let pad = String(repeating: " ", count: number.count)
            let expanded = text.replacingTabs()
            let column = max(1, range.start.column)
            let width: Int
            if range.end.line == range.start.line, range.end.column > column {
                width = range.end.column - column
            } else {
                width = 1
            }
            let caretCount = max(1, min(width, max(1, expanded.count - column + 1)))
            out += "\n\(pad) |\n\(number) | \(expanded)\n\(pad) | "
            out += String(repeating: " ", count: column - 1) + String(repeating: "^", count: caretCount)
        }
        if let hint { out += "\n  = hint: \(hint)" }
        for frame in trace { out += "\n  = note: \(frame)" }
        return out
    }

    /// One line, for logs and tests: `file:line:column: kind: message`.
    public var summary: String {
        "\(file):\(range.start): \(kind.rawValue): \(message)" + (hint.map { " (\($0))" } ?? "")
    }
}

extension String {
    /// Tabs as single spaces so the caret lines up with the column count.
    fileprivate func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}

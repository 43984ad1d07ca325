/// A recursive-descent parser from tokens to a `Program`. Each parse function's doc comment is
/// its grammar production (as in Lua's `lparser.c`); `{x}` means zero or more, `[x]` optional.
public struct Parser {
    var tokens: [Token]
    var current = 0
    /// Nesting depth of the expression or block being parsed; bounded so no later stage
    /// (resolver, interpreter, deallocation) recurses without limit.
    var depth = 0
    static let maximumDepth = 400
    let stack = StackGuard()
    /// The file being parsed, recorded in function declarations.
    var source: SourceFile?
    /// Where bare `a, b` lists start, so only they (not `[a, b]`) can be unpacking targets.
    var unpackingRanges: Set<SourceLocation> = []

    /// Parses a whole file.
    public static func parse(_ source: SourceFile) throws(ScriptError) -> Program {
        var lexer = Lexer(source.text)
        var parser = Parser(tokens: try lexer.tokenize())
        parser.source = source
        return try parser.parseProgram()
    }

    /// Creates a parser over `tokens`, which must end with `.end`.
    public init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Whether `text` (the lines entered so far, joined with newlines) is an unfinished input a
    /// shell should keep reading: an open bracket or triple-quoted string, a line ending in `:` or
    /// `\\`, or an indented last line (an empty line finishes a block, as in Python's REPL).
    public static func isIncomplete(_ text: String) -> Bool {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let last = lines.last(where: { !$0.allSatisfy(\.isWhitespace) }).map(String.init) ?? ""
        let endsWithBlankLine = lines.count > 1 && lines[lines.count - 1].allSatisfy(\.isWhitespace)
        if last.hasSuffix("\\") && !endsWithBlankLine { return true }
        var lexer = Lexer(text)
        do throws(ScriptError) {
            _ = try lexer.tokenize()
        } catch {
            let open = error.message.hasSuffix("is never closed")
            let string =
                error.message == "unterminated string"
                && (error.hint?.contains("\"\"\"") == true || error.hint?.contains("\'\'\'") == true)
            return open || string
        }
        if endsWithBlankLine { return false }
        let trimmed = last.split(separator: "#", maxSplits: 1).first.map { $0.trimmingCharacters() } ?? ""
        return trimmed.hasSuffix(":") || last.first == " " || last.first == "\t"
    }

    // MARK: - Token helpers

    var peek: Token { tokens[current] }
    var peekNext: Token { tokens[min(current + 1, tokens.count - 1)] }
    var previousRange: SourceRange { tokens[max(0, current - 1)].range }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[current]
        if current < tokens.count - 1 { current += 1 }
        return token
    }

    func check(_ symbol: String) -> Bool {
        if case .symbol(let s) = peek.kind { return s == symbol }
        return false
    }

    func check(_ keyword: Keyword) -> Bool {
        if case .keyword(let k) = peek.kind { return k == keyword }
        return false
    }

    mutating func match(_ symbol: String) -> Bool {
        guard check(symbol) else { return false }
        advance()
        return true
    }

    mutating func match(_ keyword: Keyword) -> Bool {
        guard check(keyword) else { return false }
        advance()
        return true
    }

    mutating func expect(_ symbol: String, _ context: String) throws(ScriptError) {
        guard match(symbol) else { throw unexpected("expected '\(symbol)' \(context)") }
    }

    mutating func expectName(_ context: String) throws(ScriptError) -> String {
        if case .name(let n) = peek.kind {
            advance()
            return n
        }
        if case .keyword(let k) = peek.kind {
            throw ScriptError(
                .parse, "'\(k.rawValue)' is a reserved word and cannot be used as a name", at: peek.range,
                hint: "choose another name")
        }
        throw unexpected("expected a name \(context)")
    }

    func unexpected(_ message: String, hint: String? = nil) -> ScriptError {
        ScriptError(.parse, "\(message), found \(peek)", at: peek.range, hint: hint)
    }

    /// Enters one level of nesting, refusing code nested deeper than the limit.
    mutating func enter() throws(ScriptError) {
        depth += 1
        if depth > Self.maximumDepth || !stack.hasRoom() {
            throw ScriptError(
                .recursion, "code is nested too deeply", at: peek.range,
                hint: "split the expression into several statements")
        }
    }

    mutating func leave() { depth -= 1 }

    // MARK: - Program and cells

    /// program := cell { CELL_SEPARATOR cell }
    mutating func parseProgram() throws(ScriptError) -> Program {
        var cells: [Cell] = []
        while true {
            let start = peek.range
            let statements = try parseCell()
            cells.append(Cell(statements: statements, range: start.joined(previousRange)))
            if case .cellSeparator = peek.kind {
                advance()
                continue
            }
            break
        }
        if cells.count > 1, cells[0].statements.isEmpty { cells.removeFirst() }
        return Program(cells: cells)
    }

    /// cell := { NEWLINE | statement }
    mutating func parseCell() throws(ScriptError) -> [Stmt] {
        var statements: [Stmt] = []
        while true {
            switch peek.kind {
            case .end, .cellSeparator:
                return statements
            case .newline:
                advance()
            case .indent:
                throw ScriptError(
                    .parse, "unexpected indentation", at: peek.range,
                    hint: "only the body of an if, while, for or def is indented")
            case .dedent:
                advance()
            default:
                statements += try parseStatement()
            }
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

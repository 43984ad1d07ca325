/// Turns source text into tokens, including the `newline`, `indent` and `dedent` tokens that make
/// indentation significant (as in Python). Inside `()`, `[]` and `{}` line breaks are ignored.
public struct Lexer {
    private let chars: [Character]
    private var index = 0
    private var line: Int
    private var column: Int
    private var tokens: [Token] = []
    private var indents: [Int] = [0]
    private var brackets: [(character: Character, location: SourceLocation)] = []
    private var atLineStart = true
    /// Deeper indentation than this is refused so nothing downstream recurses without bound.
    static let maximumIndentLevels = 100

    /// Prepares to lex `text`, whose first character sits at `start` (used for interpolated code).
    public init(_ text: String, start: SourceLocation = SourceLocation(line: 1, column: 1)) {
        chars = Array(text)
        line = start.line
        column = start.column
    }

    /// All tokens of the text, ending with `newline`, any `dedent`s and `end`; or a lex error.
    public mutating func tokenize() throws(ScriptError) -> [Token] {
        while true {
            if atLineStart && brackets.isEmpty {
                try lexIndentation()
                if index >= chars.count { break }
                if atLineStart { continue }
            }
            guard index < chars.count else { break }
            try lexToken()
        }
        if let open = brackets.last {
            throw ScriptError(
                .lex, "'\(open.character)' is never closed", at: SourceRange(open.location, open.location),
                hint: "add the matching '\(open.character == "(" ? ")" : open.character == "[" ? "]" : "}")'")
        }
        let here = location
        if let last = tokens.last?.kind, last != .newline, last != .cellSeparator, !tokens.isEmpty {
            tokens.append(Token(.newline, SourceRange(here, here)))
        }
        while indents.count > 1 {
            indents.removeLast()
            tokens.append(Token(.dedent, SourceRange(here, here)))
        }
        tokens.append(Token(.end, SourceRange(here, here)))
        return tokens
    }

    var location: SourceLocation { SourceLocation(line: line, column: column) }

    func peekCharacter(_ offset: Int = 0) -> Character? { peek(offset) }

    @discardableResult
    mutating func advanceCharacter() -> Character { advance() }

    private func peek(_ offset: Int = 0) -> Character? {
        index + offset < chars.count ? chars[index + offset] : nil
    }

    @discardableResult
    private mutating func advance() -> Character {
        let c = chars[index]
        index += 1
        if c == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return c
    }

    /// Measures the indentation of a new line; blank and comment-only lines do not count,
    /// except `# %%`, which closes every block and separates cells.
    private mutating func lexIndentation() throws(ScriptError) {
        var width = 0
        let start = location
        while let c = peek(), c == " " || c == "\t" || c == "\r" {
            if c == "\t" { width = (width / 8 + 1) * 8 } else if c == " " { width += 1 }
            advance()
        }
        guard let c = peek() else { return }
        if c == "\n" {
            advance()
            return
        }
        if c == "#" {
            if width == 0, isCellSeparator() {
                closeBlocks(to: 0, at: location)
                let here = location
                skipLine()
                tokens.append(Token(.cellSeparator, SourceRange(here, here)))
                return
            }
            skipLine()
            return
        }
        atLineStart = false
        if width > indents[indents.count - 1] {
            guard indents.count < Self.maximumIndentLevels else {
                throw ScriptError(.lex, "blocks are nested too deeply", at: SourceRange(start, location))
            }
            indents.append(width)
            tokens.append(Token(.indent, SourceRange(start, location)))
        } else if width < indents[indents.count - 1] {
            closeBlocks(to: width, at: location)
            if indents[indents.count - 1] != width {
                throw ScriptError(
                    .lex, "this line's indentation matches no enclosing block",
                    at: SourceRange(start, location),
                    hint: "indent it exactly as far as the line that starts the block, or as its body")
            }
        }
    }

    private mutating func closeBlocks(to width: Int, at here: SourceLocation) {
        if let last = tokens.last?.kind, last != .newline, last != .cellSeparator, last != .dedent {
            tokens.append(Token(.newline, SourceRange(here, here)))
        }
        while indents.count > 1, indents[indents.count - 1] > width {
            indents.removeLast()
            tokens.append(Token(.dedent, SourceRange(here, here)))
        }
    }

    private func isCellSeparator() -> Bool {
        var i = index + 1
        while i < chars.count, chars[i] == " " { i += 1 }
        return i + 1 < chars.count && chars[i] == "%" && chars[i + 1] == "%"
    }

    private mutating func skipLine() {
        while let c = peek(), c != "\n" { advance() }
        if peek() == "\n" { advance() }
    }

    private mutating func lexToken() throws(ScriptError) {
        let start = location
        let c = advance()
        switch c {
        case " ", "\t", "\r":
            return
        case "\n":
            if brackets.isEmpty {
                tokens.append(Token(.newline, SourceRange(start, start)))
                atLineStart = true
            }
        case "#":
            while let n = peek(), n != "\n" { advance() }
        case "\\":
            guard peek() == "\n" || (peek() == "\r" && peek(1) == "\n") else {
                throw ScriptError(
                    .lex, "a backslash outside a string must end the line", at: SourceRange(start, location))
            }
            if peek() == "\r" { advance() }
            advance()
        case "\"", "'":
            let parts = try lexString(quote: c, start: start)
            tokens.append(Token(.string(parts), SourceRange(start, location)))
        case "0"..."9":
            try lexNumber(first: c, start: start)
        case ".":
            if let n = peek(), n.isASCII, n.isNumber { try lexNumber(first: c, start: start) } else { add(".", start) }
        case "(", "[", "{":
            guard brackets.count < 200 else {
                throw ScriptError(.lex, "brackets are nested too deeply", at: SourceRange(start, location))
            }
            brackets.append((c, start))
            add(String(c), start)
        case ")", "]", "}":
            let opener: Character = c == ")" ? "(" : c == "]" ? "[" : "{"
            guard brackets.last?.character == opener else {
                let message =
                    brackets.isEmpty
                    ? "'\(c)' closes nothing"
                    : "'\(c)' does not match the open '\(brackets[brackets.count - 1].character)'"
                throw ScriptError(.lex, message, at: SourceRange(start, location))
            }
            brackets.removeLast()
            add(String(c), start)
        default:
            if c.isLetter || c == "_" {
                var word = String(c)
                while let n = peek(), n.isLetter || n.isNumber || n == "_" { word.append(advance()) }
                let kind: Token.Kind = Keyword(rawValue: word).map { .keyword($0) } ?? .name(word)
                tokens.append(Token(kind, SourceRange(start, location)))
            } else if let op = matchOperator(first: c) {
                add(op, start)
            } else {
                throw ScriptError(.lex, "unexpected character '\(c)'", at: SourceRange(start, location))
            }
        }
    }

    private mutating func add(_ symbol: String, _ start: SourceLocation) {
        tokens.append(Token(.symbol(symbol), SourceRange(start, location)))
    }

    private static let twoCharacterOperators: Set<String> = [
        "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "=>", "->",
    ]
    private static let singleCharacterOperators: Set<Character> = [
        "+", "-", "*", "/", "%", "@", "<", ">", "=", ",", ":", ";",
    ]

    private mutating func matchOperator(first c: Character) -> String? {
        if let n = peek(), Self.twoCharacterOperators.contains(String([c, n])) {
            advance()
            return String([c, n])
        }
        return Self.singleCharacterOperators.contains(c) ? String(c) : nil
    }

    private mutating func lexNumber(first: Character, start: SourceLocation) throws(ScriptError) {
        var text = String(first)
        func digits(_ lexer: inout Lexer, _ text: inout String) {
            while let n = lexer.peek(), (n.isASCII && n.isNumber) || n == "_" {
                let d = lexer.advance()
                if d != "_" { text.append(d) }
            }
        }
        digits(&self, &text)
        if first != ".", peek() == ".", let n = peek(1), n.isASCII, n.isNumber {
            text.append(advance())
            digits(&self, &text)
        } else if first != ".", peek() == ".", !(peek(1).map { $0.isLetter || $0 == "_" || $0 == "." } ?? false) {
            text.append(advance())
        }
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1)
            let hasSign = sign == "+" || sign == "-"
            if let d = peek(hasSign ? 2 : 1), d.isASCII, d.isNumber {
                text.append(advance())
                if hasSign { text.append(advance()) }
                digits(&self, &text)
            }
        }
        if let n = peek(), n.isLetter || n == "_" {
            throw ScriptError(
                .lex, "malformed number '\(text)\(n)'", at: SourceRange(start, location),
                hint: "names cannot start with a digit")
        }
        guard let value = Double(text) else {
            throw ScriptError(.lex, "malformed number '\(text)'", at: SourceRange(start, location))
        }
        tokens.append(Token(.number(value), SourceRange(start, location)))
    }
}

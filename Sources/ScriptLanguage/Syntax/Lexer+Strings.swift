extension Lexer {
    /// Reads a string literal after its opening quote: escapes (`\n \t \\ \" \' \{ \}`), and
    /// `{expression}` or `{expression:.3f}` interpolations; `{{` and `}}` are literal braces.
    /// Triple-quoted strings may span lines.
    mutating func lexString(quote: Character, start: SourceLocation) throws(ScriptError) -> [StringPart] {
        let triple = peekCharacter() == quote && peekCharacter(1) == quote
        if triple {
            advanceCharacter()
            advanceCharacter()
        }
        var parts: [StringPart] = []
        var text = ""
        while true {
            guard let c = peekCharacter() else {
                throw ScriptError(
                    .lex, "unterminated string", at: SourceRange(start, location),
                    hint: "close it with \(triple ? String(repeating: quote, count: 3) : String(quote))")
            }
            if c == "\n" && !triple {
                throw ScriptError(
                    .lex, "unterminated string", at: SourceRange(start, location),
                    hint: "close it with \(quote) on the same line, or use a triple-quoted string")
            }
            if c == quote {
                if !triple {
                    advanceCharacter()
                    break
                }
                if peekCharacter(1) == quote && peekCharacter(2) == quote {
                    advanceCharacter()
                    advanceCharacter()
                    advanceCharacter()
                    break
                }
            }
            let here = location
            advanceCharacter()
            switch c {
            case "\\":
                guard let e = peekCharacter() else { continue }
                advanceCharacter()
                switch e {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "0": text.append("\0")
                case "\\", "\"", "'", "{", "}": text.append(e)
                case "\n": break
                default:
                    throw ScriptError(
                        .lex, "unknown escape '\\\(e)'", at: SourceRange(here, location),
                        hint: "write \\\\ for a backslash")
                }
            case "{":
                if peekCharacter() == "{" {
                    advanceCharacter()
                    text.append("{")
                    continue
                }
                if !text.isEmpty {
                    parts.append(.text(text))
                    text = ""
                }
                parts.append(try lexInterpolation(openedAt: here))
            case "}":
                if peekCharacter() == "}" { advanceCharacter() }
                text.append("}")
            default:
                text.append(c)
            }
        }
        if !text.isEmpty || parts.isEmpty { parts.append(.text(text)) }
        return parts
    }

    /// Reads `expression[:format]}` after an interpolation's `{`, balancing nested brackets and
    /// strings; a quote inside the braces starts a nested string, even the outer string's quote.
    private mutating func lexInterpolation(openedAt open: SourceLocation) throws(ScriptError) -> StringPart {
        let codeStart = location
        var code = ""
        var depth = 0
        var inner: Character?
        var format: String?
        while true {
            guard let c = peekCharacter(), c != "\n" else {
                throw ScriptError(
                    .lex, "unterminated '{' in string", at: SourceRange(open, location),
                    hint: "close the interpolation with '}', or write '{{' for a literal brace")
            }
            advanceCharacter()
            if let q = inner {
                if c == q { inner = nil }
                code.append(c)
                continue
            }
            switch c {
            case "\"", "'":
                inner = c
                code.append(c)
            case "(", "[", "{":
                depth += 1
                code.append(c)
            case ")", "]":
                depth -= 1
                code.append(c)
            case "}":
                if depth == 0 {
                    if code.allSatisfy(\.isWhitespace) {
                        throw ScriptError(
                            .lex, "empty '{}' in string", at: SourceRange(open, location),
                            hint: "put an expression inside, or write '{{}}' for literal braces")
                    }
                    return .code(code, codeStart, format: format)
                }
                depth -= 1
                code.append(c)
            case ":" where depth == 0:
                var spec = ""
                while let n = peekCharacter(), n != "}", n != "\n" { spec.append(advanceCharacter()) }
                format = spec
            default:
                code.append(c)
            }
        }
    }
}

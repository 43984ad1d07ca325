extension Parser {
    /// expr := or_expr [ 'if' or_expr 'else' expr ]
    mutating func parseExpression() throws(ScriptError) -> Expr {
        try enter()
        defer { leave() }
        let value = try parseOr()
        guard check(.if) else { return value }
        advance()
        let condition = try parseOr()
        guard match(.else) else { throw unexpected("expected 'else' in the conditional expression") }
        let otherwise = try parseExpression()
        return .conditional(
            condition: condition, then: value, otherwise: otherwise, value.range.joined(otherwise.range))
    }

    /// or_expr := and_expr { 'or' and_expr }
    mutating func parseOr() throws(ScriptError) -> Expr {
        var left = try parseAnd()
        let saved = depth
        defer { depth = saved }
        while match(.or) {
            try enter()
            let right = try parseAnd()
            left = .logical(isAnd: false, left, right, left.range.joined(right.range))
        }
        return left
    }

    /// and_expr := not_expr { 'and' not_expr }
    mutating func parseAnd() throws(ScriptError) -> Expr {
        var left = try parseNot()
        let saved = depth
        defer { depth = saved }
        while match(.and) {
            try enter()
            let right = try parseNot()
            left = .logical(isAnd: true, left, right, left.range.joined(right.range))
        }
        return left
    }

    /// not_expr := 'not' not_expr | comparison
    mutating func parseNot() throws(ScriptError) -> Expr {
        guard check(.not) else { return try parseComparison() }
        let start = advance().range
        try enter()
        defer { leave() }
        let operand = try parseNot()
        return .unary(.not, operand, start.joined(operand.range))
    }

    /// comparison := sum [ ('==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not' 'in') sum ]
    mutating func parseComparison() throws(ScriptError) -> Expr {
        let left = try parseSum()
        guard let op = comparisonOperator() else { return left }
        let right = try parseSum()
        if comparisonOperator() != nil {
            throw ScriptError(
                .parse, "comparisons cannot be chained", at: peek.range,
                hint: "write 'a < b and b < c'")
        }
        return .binary(op, left, right, left.range.joined(right.range))
    }

    private mutating func comparisonOperator() -> BinaryOperator? {
        if match(.in) { return .contains }
        if check(.not), case .keyword(.in) = peekNext.kind {
            advance()
            advance()
            return .notContains
        }
        guard case .symbol(let s) = peek.kind,
            let op = BinaryOperator(rawValue: s), op.isComparison
        else { return nil }
        advance()
        return op
    }

    /// sum := term { ('+' | '-') term }
    mutating func parseSum() throws(ScriptError) -> Expr {
        var left = try parseTerm()
        let saved = depth
        defer { depth = saved }
        while case .symbol(let s) = peek.kind, s == "+" || s == "-" {
            advance()
            try enter()
            let right = try parseTerm()
            left = .binary(s == "+" ? .add : .subtract, left, right, left.range.joined(right.range))
        }
        return left
    }

    /// term := unary { ('*' | '/' | '//' | '%' | '@') unary }
    mutating func parseTerm() throws(ScriptError) -> Expr {
        var left = try parseUnary()
        let saved = depth
        defer { depth = saved }
        while case .symbol(let s) = peek.kind, let op = BinaryOperator(rawValue: s),
            [.multiply, .divide, .floorDivide, .modulo, .matmul].contains(op)
        {
            advance()
            try enter()
            let right = try parseUnary()
            left = .binary(op, left, right, left.range.joined(right.range))
        }
        return left
    }

    /// unary := ('-' | '+') unary | power
    mutating func parseUnary() throws(ScriptError) -> Expr {
        guard case .symbol(let s) = peek.kind, s == "-" || s == "+" else { return try parsePower() }
        let start = advance().range
        try enter()
        defer { leave() }
        let operand = try parseUnary()
        if s == "-", case .literal(.number(let v), let r) = operand { return .literal(.number(-v), start.joined(r)) }
        return .unary(s == "-" ? .negate : .plus, operand, start.joined(operand.range))
    }

    /// power := postfix [ '**' unary ]
    mutating func parsePower() throws(ScriptError) -> Expr {
        let base = try parsePostfix()
        guard match("**") else { return base }
        try enter()
        defer { leave() }
        let exponent = try parseUnary()
        return .binary(.power, base, exponent, base.range.joined(exponent.range))
    }

    /// postfix := primary { '(' args ')' | '[' indices ']' | '.' NAME }
    mutating func parsePostfix() throws(ScriptError) -> Expr {
        var expr = try parsePrimary()
        let saved = depth
        defer { depth = saved }
        while true {
            if match("(") {
                try enter()
                let arguments = try parseArguments()
                expr = .call(expr, arguments, expr.range.joined(previousRange))
            } else if match("[") {
                try enter()
                let items = try parseIndices()
                expr = .index(expr, items, expr.range.joined(previousRange))
            } else if match(".") {
                try enter()
                let name = try expectName("after '.'")
                expr = .attribute(expr, name, expr.range.joined(previousRange))
            } else {
                return expr
            }
        }
    }

    /// args := [ arg { ',' arg } [','] ] ')'      arg := [ NAME ':' ] expr
    mutating func parseArguments() throws(ScriptError) -> [Argument] {
        var arguments: [Argument] = []
        while !check(")") {
            let start = peek.range
            var label: String?
            if case .name(let n) = peek.kind, case .symbol(":") = peekNext.kind {
                label = n
                advance()
                advance()
            } else if case .name(let n) = peek.kind, case .symbol("=") = peekNext.kind {
                throw ScriptError(
                    .parse, "keyword arguments are written '\(n): value'", at: peekNext.range,
                    hint: "write \(n): … instead of \(n)=…")
            }
            let value = try parseExpression()
            if label == nil, arguments.last?.label != nil {
                throw ScriptError(.parse, "a positional argument cannot follow a keyword argument", at: value.range)
            }
            arguments.append(Argument(label: label, value: value, range: start.joined(value.range)))
            if !match(",") { break }
        }
        try expect(")", "to close the argument list")
        return arguments
    }

    /// indices := index { ',' index } ']'      index := expr | [expr] ':' [expr] [ ':' [expr] ]
    mutating func parseIndices() throws(ScriptError) -> [IndexItem] {
        var items: [IndexItem] = []
        repeat {
            var start: Expr?
            if !check(":") { start = try parseExpression() }
            if match(":") {
                var stop: Expr?
                var step: Expr?
                if !check(":") && !check(",") && !check("]") { stop = try parseExpression() }
                if match(":"), !check(",") && !check("]") { step = try parseExpression() }
                items.append(.slice(start: start, stop: stop, step: step))
            } else if let start {
                items.append(.single(start))
            }
        } while match(",")
        try expect("]", "to close the index")
        if items.isEmpty { throw ScriptError(.parse, "an index needs at least one value", at: previousRange) }
        return items
    }

    /// primary := NUMBER | STRING | 'true' | 'false' | 'nil' | NAME | '(' expr ')' | list | dict | lambda
    mutating func parsePrimary() throws(ScriptError) -> Expr {
        let token = peek
        switch token.kind {
        case .number(let v):
            advance()
            return .literal(.number(v), token.range)
        case .string(let parts):
            advance()
            return try stringExpression(parts, token.range)
        case .name(let n):
            advance()
            return .name(n, token.range)
        case .keyword(.true):
            advance()
            return .literal(.bool(true), token.range)
        case .keyword(.false):
            advance()
            return .literal(.bool(false), token.range)
        case .keyword(.nil):
            advance()
            return .literal(.nil, token.range)
        case .keyword(.fn): return try parseLambda()
        case .symbol("("):
            advance()
            try enter()
            defer { leave() }
            let inner = try parseExpression()
            if check(",") { throw unexpected("expected ')'", hint: "use a list [a, b] to group several values") }
            try expect(")", "to close the parenthesis")
            return inner
        case .symbol("["): return try parseList()
        case .symbol("{"): return try parseDictionary()
        default:
            throw unexpected("expected an expression")
        }
    }

    /// list := '[' [ expr { ',' expr } [','] ] ']'
    mutating func parseList() throws(ScriptError) -> Expr {
        let start = advance().range
        try enter()
        defer { leave() }
        var elements: [Expr] = []
        while !check("]") {
            elements.append(try parseExpression())
            if !match(",") { break }
        }
        if check(.for) {
            throw unexpected("expected ']'", hint: "list comprehensions are not supported; use a for loop with append")
        }
        try expect("]", "to close the list")
        return .list(elements, start.joined(previousRange))
    }

    /// dict := '{' [ expr ':' expr { ',' expr ':' expr } [','] ] '}'
    mutating func parseDictionary() throws(ScriptError) -> Expr {
        let start = advance().range
        try enter()
        defer { leave() }
        var entries: [(key: Expr, value: Expr)] = []
        while !check("}") {
            let key = try parseExpression()
            try expect(":", "between a dictionary key and its value")
            entries.append((key, try parseExpression()))
            if !match(",") { break }
        }
        try expect("}", "to close the dictionary")
        return .dictionary(entries, start.joined(previousRange))
    }

    /// lambda := 'fn' '(' params ')' '=>' expr
    mutating func parseLambda() throws(ScriptError) -> Expr {
        let start = advance().range
        try expect("(", "after 'fn'")
        try enter()
        defer { leave() }
        let parameters = try parseParameters()
        try expect("=>", "after the parameters of an anonymous function")
        let body = try parseExpression()
        let declaration = FunctionDeclaration(
            name: "<fn>", parameters: parameters,
            body: [.returnValue(body, body.range)], range: start.joined(body.range), source: source)
        return .function(declaration)
    }

    /// string := STRING, whose `{code}` parts are each parsed as `expr`.
    mutating func stringExpression(_ parts: [StringPart], _ range: SourceRange) throws(ScriptError) -> Expr {
        if parts.count == 1, case .text(let t) = parts[0] { return .literal(.string(t), range) }
        var pieces: [InterpolationPiece] = []
        for part in parts {
            switch part {
            case .text(let t): pieces.append(.text(t))
            case .code(let code, let location, let format):
                var lexer = Lexer(code, start: location)
                var tokens = try lexer.tokenize()
                tokens.removeAll {
                    switch $0.kind {
                    case .newline, .indent, .dedent: return true
                    default: return false
                    }
                }
                var inner = Parser(tokens: tokens)
                inner.depth = depth
                inner.source = source
                try inner.enter()
                let expr = try inner.parseExpression()
                guard case .end = inner.peek.kind else {
                    throw inner.unexpected("expected '}' after the interpolated expression")
                }
                pieces.append(.expression(expr, format: format))
            }
        }
        return .interpolated(pieces, range)
    }
}

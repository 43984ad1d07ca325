extension Parser {
    /// statement := compound | simple { ';' (simple | compound) } NEWLINE
    mutating func parseStatement() throws(ScriptError) -> [Stmt] {
        if let compound = try parseCompound() { return [compound] }
        var statements = [try parseSimple()]
        while match(";") {
            if case .newline = peek.kind { break }
            if let compound = try parseCompound() {
                statements.append(compound)
                return statements
            }
            statements.append(try parseSimple())
        }
        try expectEndOfLine()
        return statements
    }

    mutating func expectEndOfLine() throws(ScriptError) {
        switch peek.kind {
        case .newline: advance()
        case .end, .cellSeparator, .dedent: break
        default:
            var hint: String?
            if case .symbol("=") = peek.kind { hint = "compare with '=='; assign to a name, attribute or index only" }
            if case .keyword(.if) = peek.kind { hint = "a conditional expression needs 'else': a if c else b" }
            throw unexpected("expected the end of the statement", hint: hint)
        }
    }

    /// compound := if_stmt | while_stmt | for_stmt | def_stmt
    mutating func parseCompound() throws(ScriptError) -> Stmt? {
        guard case .keyword(let k) = peek.kind else { return nil }
        switch k {
        case .if: return try parseIf()
        case .while: return try parseWhile()
        case .for: return try parseFor()
        case .def: return try parseDef()
        case .fn:
            if case .name = peekNext.kind { return try parseDef() }
            return nil
        default: return nil
        }
    }

    /// if_stmt := 'if' expr ':' block { 'elif' expr ':' block } [ 'else' ':' block ]
    mutating func parseIf() throws(ScriptError) -> Stmt {
        let start = advance().range
        var branches: [(condition: Expr, body: [Stmt])] = []
        let condition = try parseExpression()
        branches.append((condition, try parseBlock("after the if condition")))
        var otherwise: [Stmt]?
        while true {
            if match(.elif) {
                let c = try parseExpression()
                branches.append((c, try parseBlock("after the elif condition")))
            } else if match(.else) {
                if check(.if) {
                    throw unexpected("expected ':' after 'else'", hint: "write 'elif' instead of 'else if'")
                }
                otherwise = try parseBlock("after 'else'")
                break
            } else {
                break
            }
        }
        return .conditional(branches, otherwise: otherwise, start.joined(previousRange))
    }

    /// while_stmt := 'while' expr ':' block
    mutating func parseWhile() throws(ScriptError) -> Stmt {
        let start = advance().range
        let condition = try parseExpression()
        let body = try parseBlock("after the while condition")
        return .whileLoop(condition: condition, body: body, start.joined(condition.range))
    }

    /// for_stmt := 'for' NAME { ',' NAME } 'in' expr ':' block
    mutating func parseFor() throws(ScriptError) -> Stmt {
        let start = advance().range
        var names: [Expr] = []
        repeat {
            let nameRange = peek.range
            names.append(.name(try expectName("for the loop variable"), nameRange))
        } while match(",")
        guard match(.in) else { throw unexpected("expected 'in' after the loop variable") }
        let iterable = try parseExpression()
        let body = try parseBlock("after the for clause")
        let variable: Expr =
            names.count == 1 ? names[0] : .list(names, names[0].range.joined(names[names.count - 1].range))
        return .forLoop(variable: variable, iterable: iterable, body: body, start.joined(iterable.range))
    }

    /// def_stmt := ('def' | 'fn') NAME '(' params ')' ':' block
    mutating func parseDef() throws(ScriptError) -> Stmt {
        let start = advance().range
        let nameRange = peek.range
        let name = try expectName("after 'def'")
        try expect("(", "after the function name")
        let parameters = try parseParameters()
        let header = start.joined(previousRange)
        if check("->") || check("=>") {
            throw unexpected(
                "expected ':' after the parameter list",
                hint: "a def's body follows ':'; use fn(x) => ... for a one-expression function")
        }
        let body = try parseBlock("after the parameter list")
        let declaration = FunctionDeclaration(
            name: name, parameters: parameters, body: body, range: header, source: source)
        return .function(declaration, target: .name(name, nameRange))
    }

    /// params := [ NAME [ '=' expr ] { ',' NAME [ '=' expr ] } [','] ] ')'
    mutating func parseParameters() throws(ScriptError) -> [ParameterDeclaration] {
        var parameters: [ParameterDeclaration] = []
        while !check(")") {
            let range = peek.range
            let name = try expectName("for a parameter")
            if parameters.contains(where: { $0.name == name }) {
                throw ScriptError(.parse, "parameter '\(name)' appears twice", at: range)
            }
            var defaultValue: Expr?
            if match("=") || match(":") {
                defaultValue = try parseExpression()
            } else if parameters.last?.defaultValue != nil {
                throw ScriptError(
                    .parse, "parameter '\(name)' needs a default because the one before it has one", at: range)
            }
            parameters.append(ParameterDeclaration(name: name, defaultValue: defaultValue))
            if !match(",") { break }
        }
        try expect(")", "to close the parameter list")
        return parameters
    }

    /// block := ':' ( NEWLINE INDENT statement { statement } DEDENT | simple { ';' simple } NEWLINE )
    mutating func parseBlock(_ context: String) throws(ScriptError) -> [Stmt] {
        try expect(":", context)
        try enter()
        defer { leave() }
        guard case .newline = peek.kind else {
            return try parseStatement()
        }
        advance()
        guard case .indent = peek.kind else {
            throw unexpected("expected an indented block", hint: "indent the body, or write 'pass' for an empty one")
        }
        advance()
        var body: [Stmt] = []
        while true {
            switch peek.kind {
            case .dedent:
                advance()
                return body
            case .end, .cellSeparator: return body
            case .newline: advance()
            case .indent: throw ScriptError(.parse, "unexpected indentation", at: peek.range)
            default: body += try parseStatement()
            }
        }
    }

    /// simple := 'return' [exprs] | 'break' | 'continue' | 'pass' | 'global' NAME { ',' NAME }
    ///         | 'assert' expr [ ',' expr ] | exprs [ ('=' | '+=' | '-=' | '*=' | '/=' | '%=') exprs ]
    mutating func parseSimple() throws(ScriptError) -> Stmt {
        let start = peek.range
        switch peek.kind {
        case .keyword(.return):
            advance()
            if case .newline = peek.kind { return .returnValue(nil, start) }
            if case .end = peek.kind { return .returnValue(nil, start) }
            if check(";") { return .returnValue(nil, start) }
            let value = try parseExpressionList()
            return .returnValue(value, start.joined(value.range))
        case .keyword(.break):
            advance()
            return .breakLoop(start)
        case .keyword(.continue):
            advance()
            return .continueLoop(start)
        case .keyword(.pass):
            advance()
            return .pass(start)
        case .keyword(.global):
            advance()
            var names = [try expectName("after 'global'")]
            while match(",") { names.append(try expectName("after ','")) }
            return .global(names, start.joined(previousRange))
        case .keyword(.elif), .keyword(.else):
            throw unexpected("expected a statement", hint: "'elif' and 'else' must line up with their 'if'")
        case .name("assert") where startsExpression(peekNext) && !isSymbol(peekNext, "("):
            advance()
            var arguments = [Argument(label: nil, value: try parseExpression(), range: start)]
            if match(",") { arguments.append(Argument(label: nil, value: try parseExpression(), range: previousRange)) }
            return .expression(.call(.name("assert", start), arguments, start.joined(previousRange)))
        default:
            break
        }
        let target = try parseExpressionList()
        let augmented: [String: BinaryOperator] = [
            "+=": .add, "-=": .subtract, "*=": .multiply, "/=": .divide, "%=": .modulo,
        ]
        if case .symbol(let s) = peek.kind, s == "=" || augmented[s] != nil {
            let opRange = advance().range
            if case .list(let targets, _) = target, isUnpacking(target) {
                guard s == "=" else {
                    throw ScriptError(.parse, "'\(s)' cannot unpack into several names", at: opRange)
                }
                for t in targets { try checkAssignable(t, opRange) }
            } else {
                try checkAssignable(target, opRange)
            }
            let value = try parseExpressionList()
            let range = target.range.joined(value.range)
            if let op = augmented[s] { return .augmented(op, target: target, value: value, range) }
            return .assign(target: target, value: value, range)
        }
        return .expression(target)
    }

    /// exprs := expr { ',' expr }   (several make a list: `a, b = b, a`, `return loss, accuracy`)
    mutating func parseExpressionList() throws(ScriptError) -> Expr {
        let first = try parseExpression()
        guard check(",") else { return first }
        var items = [first]
        while match(",") {
            if case .symbol(let s) = peek.kind, s == "=" { break }
            if case .newline = peek.kind { break }
            items.append(try parseExpression())
        }
        unpackingRanges.insert(first.range.start)
        return .list(items, first.range.joined(items[items.count - 1].range))
    }

    /// Whether `expr` is a bare `a, b` list (an unpacking target) rather than `[a, b]`.
    private func isUnpacking(_ expr: Expr) -> Bool {
        unpackingRanges.contains(expr.range.start)
    }

    private func isSymbol(_ token: Token, _ symbol: String) -> Bool {
        if case .symbol(let s) = token.kind { return s == symbol }
        return false
    }

    private func startsExpression(_ token: Token) -> Bool {
        switch token.kind {
        case .name, .number, .string: return true
        case .keyword(let k): return [.not, .true, .false, .nil, .fn].contains(k)
        case .symbol(let s): return ["(", "[", "{", "-", "+"].contains(s)
        default: return false
        }
    }

    private func checkAssignable(_ target: Expr, _ at: SourceRange) throws(ScriptError) {
        switch target {
        case .name, .attribute, .index: return
        case .binary(.equal, _, _, _):
            throw ScriptError(.parse, "cannot assign to a comparison", at: target.range)
        default:
            throw ScriptError(
                .parse, "cannot assign to this expression", at: target.range,
                hint: "the left of '=' must be a name, an attribute (a.b) or an index (a[i])")
        }
    }
}

/// Binds every name to a slot: a local of the enclosing function, a variable captured from an
/// outer function, or a global. Names follow Python's rule: assigning anywhere in a function makes
/// the name local to it unless a `global` statement says otherwise. Also rejects `break` outside a
/// loop, `return` outside a function, and names defined nowhere (suggesting the nearest one).
struct Resolver {
    private struct Scope {
        var slots: [String: Int] = [:]
        var names: [String] = []
        var globals: Set<String> = []
        var loopDepth = 0
    }

    private var globals: GlobalTable
    private var scopes: [Scope] = []
    private var topLevelLoops = 0
    private let stack = StackGuard()

    /// Resolves `program` against `globals`, adding slots for the globals it assigns.
    static func resolve(_ program: Program, globals: inout GlobalTable) throws(ScriptError) -> Program {
        var resolver = Resolver(globals: globals)
        for cell in program.cells { resolver.declareGlobals(cell.statements) }
        var resolved = program
        for i in resolved.cells.indices {
            resolved.cells[i].statements = try resolver.resolveBlock(resolved.cells[i].statements)
        }
        globals = resolver.globals
        return resolved
    }

    private init(globals: GlobalTable) {
        self.globals = globals
    }

    // MARK: - Declarations

    /// Gives a global slot to every name the top level assigns and every name declared `global`.
    private mutating func declareGlobals(_ statements: [Stmt]) {
        var names: [String] = []
        var ignored: Set<String> = []
        Self.collectAssigned(statements, into: &names, globals: &ignored)
        for name in names { _ = globals.slot(for: name) }
        Self.collectGlobalDeclarations(statements) { _ = globals.slot(for: $0) }
    }

    private static func collectGlobalDeclarations(_ statements: [Stmt], _ add: (String) -> Void) {
        for statement in statements {
            switch statement {
            case .global(let names, _): names.forEach(add)
            case .conditional(let branches, let otherwise, _):
                for branch in branches { collectGlobalDeclarations(branch.body, add) }
                collectGlobalDeclarations(otherwise ?? [], add)
            case .whileLoop(_, let body, _), .forLoop(_, _, let body, _): collectGlobalDeclarations(body, add)
            case .function(let f, _): collectGlobalDeclarations(f.body, add)
            default: break
            }
        }
    }

    /// Names assigned by `statements` (not inside nested functions), and names declared `global`.
    private static func collectAssigned(
        _ statements: [Stmt], into names: inout [String], globals declared: inout Set<String>
    ) {
        func add(_ target: Expr) {
            if case .name(let n, _) = target, !names.contains(n) { names.append(n) }
            if case .list(let targets, _) = target { targets.forEach(add) }
        }
        for statement in statements {
            switch statement {
            case .assign(let target, _, _), .augmented(_, let target, _, _): add(target)
            case .forLoop(let variable, _, let body, _):
                add(variable)
                collectAssigned(body, into: &names, globals: &declared)
            case .whileLoop(_, let body, _): collectAssigned(body, into: &names, globals: &declared)
            case .conditional(let branches, let otherwise, _):
                for branch in branches { collectAssigned(branch.body, into: &names, globals: &declared) }
                collectAssigned(otherwise ?? [], into: &names, globals: &declared)
            case .function(_, let target): add(target)
            case .global(let list, _): declared.formUnion(list)
            default: break
            }
        }
    }

    // MARK: - Statements

    private mutating func resolveBlock(_ statements: [Stmt]) throws(ScriptError) -> [Stmt] {
        var out: [Stmt] = []
        out.reserveCapacity(statements.count)
        for statement in statements { out.append(try resolve(statement)) }
        return out
    }

    private mutating func resolve(_ statement: Stmt) throws(ScriptError) -> Stmt {
        guard stack.hasRoom() else { throw ScriptError(.recursion, "code is nested too deeply", at: statement.range) }
        switch statement {
        case .expression(let e):
            return .expression(try resolve(e))
        case .assign(let target, let value, let r):
            let v = try resolve(value)
            return .assign(target: try resolveTarget(target), value: v, r)
        case .augmented(let op, let target, let value, let r):
            let v = try resolve(value)
            return .augmented(op, target: try resolveTarget(target), value: v, r)
        case .conditional(let branches, let otherwise, let r):
            var resolved: [(condition: Expr, body: [Stmt])] = []
            for branch in branches { resolved.append((try resolve(branch.condition), try resolveBlock(branch.body))) }
            let other: [Stmt]? = if let otherwise { try resolveBlock(otherwise) } else { nil }
            return .conditional(resolved, otherwise: other, r)
        case .whileLoop(let condition, let body, let r):
            let c = try resolve(condition)
            enterLoop()
            defer { leaveLoop() }
            return .whileLoop(condition: c, body: try resolveBlock(body), r)
        case .forLoop(let variable, let iterable, let body, let r):
            let i = try resolve(iterable)
            let v = try resolveTarget(variable)
            enterLoop()
            defer { leaveLoop() }
            return .forLoop(variable: v, iterable: i, body: try resolveBlock(body), r)
        case .function(let declaration, let target):
            try resolveFunction(declaration)
            return .function(declaration, target: try resolveTarget(target))
        case .returnValue(let value, let r):
            guard !scopes.isEmpty else {
                throw ScriptError(.resolve, "'return' outside a function", at: r)
            }
            return .returnValue(try value.map { v throws(ScriptError) in try resolve(v) }, r)
        case .breakLoop(let r), .continueLoop(let r):
            guard currentLoopDepth > 0 else {
                let word = if case .breakLoop = statement { "break" } else { "continue" }
                throw ScriptError(.resolve, "'\(word)' outside a loop", at: r)
            }
            return statement
        case .pass, .global:
            return statement
        }
    }

    private var currentLoopDepth: Int { scopes.isEmpty ? topLevelLoops : scopes[scopes.count - 1].loopDepth }

    private mutating func enterLoop() {
        if scopes.isEmpty { topLevelLoops += 1 } else { scopes[scopes.count - 1].loopDepth += 1 }
    }

    private mutating func leaveLoop() {
        if scopes.isEmpty { topLevelLoops -= 1 } else { scopes[scopes.count - 1].loopDepth -= 1 }
    }

    private mutating func resolveFunction(_ declaration: FunctionDeclaration) throws(ScriptError) {
        for i in declaration.parameters.indices {
            if let d = declaration.parameters[i].defaultValue {
                declaration.parameters[i].defaultValue = try resolve(d)
            }
        }
        var scope = Scope()
        var names = declaration.parameters.map(\.name)
        var declaredGlobal: Set<String> = []
        Self.collectAssigned(declaration.body, into: &names, globals: &declaredGlobal)
        if let both = declaration.parameters.first(where: { declaredGlobal.contains($0.name) }) {
            throw ScriptError(
                .resolve, "'\(both.name)' is a parameter of \(declaration.name) and cannot also be global",
                at: declaration.range)
        }
        for name in names where !declaredGlobal.contains(name) {
            scope.slots[name] = scope.names.count
            scope.names.append(name)
        }
        scope.globals = declaredGlobal
        scopes.append(scope)
        defer { scopes.removeLast() }
        declaration.body = try resolveBlock(declaration.body)
        let final = scopes[scopes.count - 1]
        declaration.slotCount = final.names.count
        declaration.slotNames = final.names
    }

    // MARK: - Expressions

    private mutating func resolveTarget(_ target: Expr) throws(ScriptError) -> Expr {
        if case .list(let targets, let r) = target {
            var resolved: [Expr] = []
            for t in targets { resolved.append(try resolveTarget(t)) }
            return .list(resolved, r)
        }
        if case .name(let name, let r) = target {
            if var scope = scopes.last, !scope.globals.contains(name) {
                if let slot = scope.slots[name] { return .local(slot: slot, name: name, r) }
                scope.slots[name] = scope.names.count
                scope.names.append(name)
                scopes[scopes.count - 1] = scope
                return .local(slot: scope.names.count - 1, name: name, r)
            }
            return .global(slot: globals.slot(for: name), name: name, r)
        }
        return try resolve(target)
    }

    private mutating func resolve(_ expr: Expr) throws(ScriptError) -> Expr {
        guard stack.hasRoom() else { throw ScriptError(.recursion, "code is nested too deeply", at: expr.range) }
        switch expr {
        case .name(let name, let r):
            return try lookup(name, r)
        case .literal, .global, .local, .captured:
            return expr
        case .interpolated(let pieces, let r):
            var out: [InterpolationPiece] = []
            for piece in pieces {
                switch piece {
                case .text: out.append(piece)
                case .expression(let e, let format): out.append(.expression(try resolve(e), format: format))
                }
            }
            return .interpolated(out, r)
        case .list(let elements, let r):
            var out: [Expr] = []
            for e in elements { out.append(try resolve(e)) }
            return .list(out, r)
        case .dictionary(let entries, let r):
            var out: [(key: Expr, value: Expr)] = []
            for entry in entries { out.append((try resolve(entry.key), try resolve(entry.value))) }
            return .dictionary(out, r)
        case .unary(let op, let operand, let r):
            return .unary(op, try resolve(operand), r)
        case .binary(let op, let left, let right, let r):
            return .binary(op, try resolve(left), try resolve(right), r)
        case .logical(let isAnd, let left, let right, let r):
            return .logical(isAnd: isAnd, try resolve(left), try resolve(right), r)
        case .conditional(let c, let t, let o, let r):
            return .conditional(condition: try resolve(c), then: try resolve(t), otherwise: try resolve(o), r)
        case .call(let callee, let arguments, let r):
            let f = try resolve(callee)
            var out: [Argument] = []
            for var argument in arguments {
                argument.value = try resolve(argument.value)
                out.append(argument)
            }
            return .call(f, out, r)
        case .attribute(let object, let name, let r):
            return .attribute(try resolve(object), name, r)
        case .index(let object, let items, let r):
            let o = try resolve(object)
            var out: [IndexItem] = []
            for item in items {
                switch item {
                case .single(let e): out.append(.single(try resolve(e)))
                case .slice(let a, let b, let c):
                    out.append(
                        .slice(
                            start: try a.map { e throws(ScriptError) in try resolve(e) },
                            stop: try b.map { e throws(ScriptError) in try resolve(e) },
                            step: try c.map { e throws(ScriptError) in try resolve(e) }))
                }
            }
            return .index(o, out, r)
        case .function(let declaration):
            try resolveFunction(declaration)
            return expr
        }
    }

    private func lookup(_ name: String, _ range: SourceRange) throws(ScriptError) -> Expr {
        for (depth, scope) in scopes.reversed().enumerated() {
            if scope.globals.contains(name) { break }
            if let slot = scope.slots[name] {
                return depth == 0
                    ? .local(slot: slot, name: name, range) : .captured(depth: depth, slot: slot, name: name, range)
            }
        }
        if let slot = globals.lookup(name) { return .global(slot: slot, name: name, range) }
        let spelled = [
            "True": "true", "False": "false", "None": "nil", "null": "nil", "self": nil,
            "lambda": "fn", "elseif": "elif", "function": "def",
        ]
        var hint: String?
        if let keyword = spelled[name], let keyword { hint = "write '\(keyword)'" }
        let visible = scopes.flatMap(\.names) + globals.names
        hint = hint ?? Suggestion.hint(for: name, in: visible)
        throw ScriptError(.name, "unknown name '\(name)'", at: range, hint: hint)
    }
}

/// Runs `.airs` source: parses it, resolves names to slots, and walks the tree.
///
/// The host registers native functions and types through tables (`register(_:)`), drives the
/// interpreter with `run` (one shell input) or `runCells` (a file of `# %%` cells), and reads the
/// globals for completion. Each input is a transaction: after an error every global is as it was.
///
/// ```swift
/// let interpreter = Interpreter(output: { print($0) })
/// let result = interpreter.run(source: "x = 2\nx * 21", file: "<shell>")
/// // result.value == .number(42)
/// ```
public final class Interpreter {
    var globals = GlobalTable()
    var methodTables: [String: [String: NativeFunction]] = [:]
    var hostTypes: [String: HostType] = [:]
    var hostNames: Set<String> = []
    /// The frame of the function being executed; nil at top level.
    var frame: Frame?
    var callDepth = 0
    let graveyard = Graveyard()
    var stack = StackGuard()
    /// Where printed lines go (one call per line, without the newline).
    public var output: (String) -> Void
    /// Calls nested deeper than this raise a `recursion` error.
    public var maximumCallDepth = 400
    /// Stops a run after this many loop iterations plus calls (nil: no limit); for fuzzing and sandboxes.
    public var stepLimit: Int?
    /// Polled every 1,024 steps; returning true stops the run with a `limit` error ("interrupted").
    /// The shell sets it to read the flag its Ctrl-C handler raises.
    public var shouldInterrupt: (() -> Bool)?
    /// Receives the PNG bytes of each picture a host function draws, so that a notebook front
    /// end shows it inline; nil in a terminal (the host then draws in text, or only writes files).
    public var showPicture: (([UInt8]) -> Void)?
    /// Receives progress lines of long host calls (a training epoch) while they run; nil in a
    /// terminal, which shows none. A notebook front end redraws one line in place.
    public var showProgress: ((String) -> Void)?
    var steps = 0

    /// Creates an interpreter with the built-in prelude (`print`, `len`, `range`, …).
    /// - Parameter output: receives each line `print` writes, without its newline.
    public init(output: @escaping (String) -> Void = { Swift.print($0) }) {
        self.output = output
        register(Prelude.functions)
        for type in BuiltinMethods.types { register(type) }
    }

    deinit {
        globals = GlobalTable()
        frame = nil
        graveyard.drain()
    }

    // MARK: - Host registration

    /// Defines each function as a global under its name.
    public func register(_ functions: [NativeFunction]) {
        for function in functions { define(function.name, .native(function)) }
    }

    /// Registers a host type's method table; objects whose `typeName` is `type.name` get its methods.
    public func register(_ type: HostType) {
        hostTypes[type.name] = type
        var table = methodTables[type.name] ?? [:]
        for method in type.methods { table[method.name] = method }
        methodTables[type.name] = table
    }

    /// Sets global `name` to `value` (outside any transaction). Defined names are the host's, so
    /// `variableNames` leaves them out.
    public func define(_ name: String, _ value: Value) {
        let slot = globals.slot(for: name)
        globals.values[slot] = value
        hostNames.insert(name)
    }

    /// Sets global `name` as if a script had assigned it (restoring a saved session, passing
    /// command-line arguments); unlike `define`, the name is listed in `variableNames`.
    public func setVariable(_ name: String, _ value: Value) {
        let slot = globals.slot(for: name)
        globals.values[slot] = value
        hostNames.remove(name)
    }

    // MARK: - Globals, for completion and `:vars`

    /// The names of all assigned globals, registered functions included, in definition order.
    public var globalNames: [String] { globals.assignedNames }

    /// The globals the scripts assigned (not those the host defined), in definition order: `:vars`.
    public var variableNames: [String] { globals.assignedNames.filter { !hostNames.contains($0) } }

    /// The value of global `name`, or nil if it is not assigned.
    public func global(_ name: String) -> Value? { globals.value(of: name) }

    /// The registered host type called `name`.
    public func hostType(named name: String) -> HostType? { hostTypes[name] }

    /// The members of `value`: what Tab completes after `value.` and what `help(value)` lists,
    /// from this one place so the two cannot disagree. Attributes are properties (and a
    /// dictionary's string keys); methods are the type's table and a list's or dict's built-ins.
    public func members(of value: Value) -> (attributes: [String], methods: [String]) {
        var attributes: [String] = []
        if case .host(let object) = value { attributes += object.attributeNames }
        if case .dictionary(let d) = value {
            attributes += d.keys.compactMap { if case .string(let s) = $0 { s } else { nil } }
        }
        var methods = (methodTables[value.typeName]?.keys).map(Array.init) ?? []
        if value.typeName == "list" || value.typeName == "dict" {
            methods += BuiltinMethods.mutatingNames(for: value)
        }
        let methodSet = Set(methods)
        return (Array(Set(attributes).subtracting(methodSet)).sorted(), Array(methodSet).sorted())
    }

    /// Attribute and method names of `value`, for completing `value.`.
    public func memberNames(of value: Value) -> [String] {
        let members = members(of: value)
        return (members.attributes + members.methods).sorted()
    }

    /// The method `name` of `value`'s type, for `help(value)`.
    func method(_ name: String, of value: Value) -> NativeFunction? { methodTables[value.typeName]?[name] }

    // MARK: - Running

    /// Parses and resolves `source` without running it; returns the errors (empty if none).
    public func check(source: String, file: String) -> [ScriptError] {
        let sourceFile = SourceFile(name: file, text: source)
        var scratch = globals
        do throws(ScriptError) {
            _ = try Resolver.resolve(try Parser.parse(sourceFile), globals: &scratch)
            return []
        } catch {
            return [error.located(in: sourceFile)]
        }
    }

    /// Runs one input (a shell line or block, or a whole file as one cell) as a transaction.
    /// The result's value is that of the final expression statement, if the input ends in one.
    public func run(source: String, file: String) -> CellResult {
        let sourceFile = SourceFile(name: file, text: source)
        let snapshot = globals
        do throws(ScriptError) {
            let program = try Resolver.resolve(try Parser.parse(sourceFile), globals: &globals)
            var value: Value?
            for cell in program.cells { value = try execute(cell) }
            return CellResult(index: 0, range: nil, value: value, error: nil)
        } catch {
            globals = snapshot
            return CellResult(index: 0, range: nil, value: nil, error: error.located(in: sourceFile))
        }
    }

    /// Runs a file cell by cell (cells are separated by `# %%` lines), each cell a transaction.
    /// Stops at the first error; the last result then carries it. A lex, parse or resolve error
    /// anywhere stops the file before any cell runs. `onCell` sees each result as it completes.
    @discardableResult
    public func runCells(source: String, file: String, onCell: (CellResult) -> Void = { _ in }) -> [CellResult] {
        let sourceFile = SourceFile(name: file, text: source)
        let program: Program
        let snapshot = globals
        do throws(ScriptError) {
            program = try Resolver.resolve(try Parser.parse(sourceFile), globals: &globals)
        } catch {
            globals = snapshot
            let result = CellResult(index: 0, range: nil, value: nil, error: error.located(in: sourceFile))
            onCell(result)
            return [result]
        }
        var results: [CellResult] = []
        for (index, cell) in program.cells.enumerated() {
            let before = globals
            let result: CellResult
            do throws(ScriptError) {
                result = CellResult(index: index, range: cell.range, value: try execute(cell), error: nil)
            } catch {
                globals = before
                result = CellResult(index: index, range: cell.range, value: nil, error: error.located(in: sourceFile))
            }
            results.append(result)
            onCell(result)
            if result.error != nil { break }
        }
        return results
    }

    /// Calls a script or native function value (for hosts that take callbacks).
    public func call(_ function: Value, arguments: [Value], keywords: [(String, Value)] = []) throws(ScriptError)
        -> Value
    {
        // Called from outside a run, possibly on another thread: measure this thread's stack.
        if callDepth == 0 { stack = StackGuard() }
        return try call(
            function, positional: arguments, keywords: keywords.map { ($0.0, $0.1, SourceRange.unknown) }, at: .unknown)
    }

    private func execute(_ cell: Cell) throws(ScriptError) -> Value? {
        stack = StackGuard()
        frame = nil
        callDepth = 0
        steps = 0
        var value: Value?
        defer { graveyard.drain() }
        for statement in cell.statements {
            graveyard.drain()
            value = nil
            if case .expression(let expr) = statement {
                let v = try eval(expr)
                if case .nil = v {} else { value = v }
            } else {
                _ = try exec(statement)
            }
        }
        return value
    }
}

/// The outcome of running one input or cell.
public struct CellResult {
    /// The cell's position in the file (0 for `run`).
    public let index: Int
    /// The cell's source range (nil for `run`).
    public let range: SourceRange?
    /// The value of the cell's final expression statement, to show notebook-style; nil if the cell
    /// ends in another kind of statement or the expression is `nil`.
    public let value: Value?
    /// The error that stopped the cell, rendered by its `description`.
    public let error: ScriptError?
}

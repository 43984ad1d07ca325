extension Prelude {
    /// `help(x)`: the signature and doc of a function, the methods of a type, or a list of everything.
    static var help: NativeFunction {
        NativeFunction(
            "help", [.init("topic", default: .nil)],
            doc: "Shows what a function does, a value's methods, or (with no argument) every function."
        ) { args in
            let interpreter = args.interpreter
            for line in helpLines(args[0], interpreter) { interpreter.output(line) }
            return .nil
        }
    }

    static func helpLines(_ topic: Value, _ interpreter: Interpreter) -> [String] {
        switch topic {
        case .nil:
            var lines = ["Functions (help(name) for details):"]
            for name in interpreter.globalNames.sorted() {
                if case .native(let f) = interpreter.global(name) ?? .nil {
                    lines.append("  \(f.signature) — \(f.doc)")
                }
            }
            return lines
        case .native(let f):
            return ["\(f.signature)", "  \(f.doc)"]
        case .method(let m):
            return ["\(m.receiver.typeName).\(m.function.signature)", "  \(m.function.doc)"]
        case .function(let f):
            var lines = [f.signature]
            if case .expression(.literal(.string(let doc), _))? = f.declaration.body.first { lines.append("  \(doc)") }
            return lines
        case .string(let name):
            if let value = interpreter.global(name) { return helpLines(value, interpreter) }
            if let type = interpreter.hostType(named: name) { return typeLines(type) }
            if Keyword(rawValue: name) != nil { return ["'\(name)' is a keyword of the language."] }
            let hint = Suggestion.hint(for: name, in: interpreter.globalNames).map { "; \($0)" } ?? ""
            return ["No help for '\(name)'\(hint)"]
        default:
            return valueLines(topic, interpreter)
        }
    }

    /// A value's type line, then every member Tab completes after `value.`: its attributes,
    /// then its methods with their signatures.
    private static func valueLines(_ value: Value, _ interpreter: Interpreter) -> [String] {
        let type = interpreter.hostType(named: value.typeName)
        let (attributes, methods) = interpreter.members(of: value)
        var lines = [type.map { "\($0.name): \($0.doc)" } ?? "A \(value.typeName)."]
        lines += type?.call.map { ["  \($0.signature) — \($0.doc)"] } ?? []
        if !attributes.isEmpty { lines.append("Attributes:") }
        lines += attributes.map { "  .\($0)" }
        if !methods.isEmpty { lines.append("Methods:") }
        lines += methods.map { name in
            interpreter.method(name, of: value).map { "  .\($0.signature) — \($0.doc)" } ?? "  .\(name)(…)"
        }
        return lines
    }

    private static func typeLines(_ type: HostType) -> [String] {
        let call = type.call.map { ["  \($0.signature) — \($0.doc)"] } ?? []
        return ["\(type.name): \(type.doc)"] + call
            + type.methods.sorted { $0.name < $1.name }.map { "  .\($0.signature) — \($0.doc)" }
    }
}

extension Interpreter {
    /// The lines `help(topic)` prints, without printing them (a notebook's inspect request).
    public func helpLines(for topic: Value) -> [String] { Prelude.helpLines(topic, self) }

    /// `value.name` (an attribute, a dictionary entry or a bound method), read without running
    /// code; nil when there is no such member.
    public func member(_ name: String, of value: Value) -> Value? {
        try? attribute(of: value, name, at: .unknown)
    }
}

/// Format specs in string interpolations, a subset of Python's: `{x:.3f}`, `{x:8.2e}`,
/// `{x:.1%}`, `{n:d}`, `{name:>10}`, `{x:.4}` (significant digits).
enum Format {
    struct Spec {
        var align: Character?
        var width = 0
        var precision: Int?
        var type: Character?
    }

    static func parse(_ text: String) -> Spec? {
        var spec = Spec()
        var rest = Substring(text)
        if let c = rest.first, "<>^".contains(c) {
            spec.align = c
            rest = rest.dropFirst()
        }
        let widthDigits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        if !widthDigits.isEmpty {
            guard widthDigits.count <= 3, let w = Int(widthDigits) else { return nil }
            spec.width = w
            rest = rest.dropFirst(widthDigits.count)
        }
        if rest.first == "." {
            rest = rest.dropFirst()
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, digits.count <= 2, let p = Int(digits) else { return nil }
            spec.precision = p
            rest = rest.dropFirst(digits.count)
        }
        if let c = rest.first {
            guard "fegd%s".contains(c) else { return nil }
            spec.type = c
            rest = rest.dropFirst()
        }
        return rest.isEmpty ? spec : nil
    }

    /// `value` formatted by `text`, or a `value` error naming the spec.
    static func apply(_ text: String, to value: Value, at range: SourceRange) throws(ScriptError) -> String {
        guard let spec = parse(text) else {
            throw ScriptError(
                .value, "unknown format '\(text)'", at: range,
                hint: "use forms like .3f, .2e, .1%, d, >10 or .4")
        }
        var body: String
        var isNumber = false
        switch (value, spec.type) {
        case (.number(let n), let type) where type != "s":
            isNumber = true
            switch type {
            case "d":
                guard let i = Value.exactInteger(n) else {
                    throw ScriptError(.value, "format 'd' needs a whole number, got \(Value.format(n))", at: range)
                }
                body = String(i)
            case "%":
                body = Math.format(n * 100, cFormat: "%.\(spec.precision ?? 6)f") + "%"
            case "f", "e", "g":
                body = Math.format(n, cFormat: "%.\(spec.precision ?? 6)\(type.map(String.init) ?? "g")")
            default:
                body = spec.precision.map { Math.format(n, cFormat: "%.\($0)g") } ?? Value.format(n)
            }
        case (_, nil), (_, "s"):
            body = value.description
            if let p = spec.precision { body = String(body.prefix(p)) }
        default:
            throw ScriptError(.type, "format '\(text)' needs a number, got \(value.typeName)", at: range)
        }
        let padding = max(0, spec.width - body.count)
        guard padding > 0 else { return body }
        switch spec.align ?? (isNumber ? ">" : "<") {
        case ">": return String(repeating: " ", count: padding) + body
        case "^":
            return String(repeating: " ", count: padding / 2) + body
                + String(repeating: " ", count: padding - padding / 2)
        default: return body + String(repeating: " ", count: padding)
        }
    }
}

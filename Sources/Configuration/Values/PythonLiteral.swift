/// Python's `ast.literal_eval`, as yacs applies it to every string value
/// (`_decode_cfg_value`): `"'0'"` → `'0'`, `"1e-4"` → `0.0001`, `"[1, 2]"` → a list,
/// `"('CUB200',)"` → a tuple. Anything that is not a literal stays a string (`nil` here).
///
/// Grammar (the subset of Python expressions `literal_eval` accepts):
/// ```
/// top    := expr (',' expr)* ','?            -- a bare comma list is a tuple
/// expr   := ('+' | '-')? number | string+ | 'True' | 'False' | 'None'
///         | '[' items ']' | '(' items ')' | '{' ... '}'
/// ```
struct PythonLiteral {
    let chars: [Character]
    var index = 0

    /// Evaluates `text`, or returns `nil` where Python raises `ValueError` / `SyntaxError`.
    static func evaluate(_ text: String) -> PythonObject? {
        var parser = PythonLiteral(chars: Array(text))
        return parser.parseTop()
    }

    private init(chars: [Character]) { self.chars = chars }

    var current: Character? { index < chars.count ? chars[index] : nil }

    mutating func skipSpace() {
        while let c = current {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n" || c == "\u{0C}" {
                index += 1
            } else if c == "#" {
                while current != nil && current != "\n" && current != "\r\n" { index += 1 }
            } else {
                return
            }
        }
    }

    private mutating func parseTop() -> PythonObject? {
        skipSpace()
        guard current != nil, let items = parseCommaList(closing: nil) else { return nil }
        skipSpace()
        guard current == nil else { return nil }
        if items.count == 1 && !items.trailingComma { return items.values[0] }
        return Self.sequence(items.values, typeName: "tuple")
    }

    private struct Items {
        var values: [PythonObject] = []
        var trailingComma = false
        var count: Int { values.count }
    }

    /// Comma-separated expressions up to `closing` (not consumed) or the end.
    private mutating func parseCommaList(closing: Character?) -> Items? {
        var items = Items()
        while true {
            skipSpace()
            if current == closing { return items }
            guard let value = parseExpression() else { return nil }
            items.values.append(value)
            items.trailingComma = false
            skipSpace()
            guard current == "," else { return items }
            index += 1
            items.trailingComma = true
        }
    }

    private static func sequence(_ values: [PythonObject], typeName: String) -> PythonObject {
        var converted: [ConfigValue] = []
        for value in values {
            guard case .value(let item) = value else {
                let text = "[" + values.map(\.text).joined(separator: ", ") + "]"
                return .other(typeName: "\(typeName) containing \(value.typeName)", text: text)
            }
            converted.append(item)
        }
        return .value(.list(converted))
    }

    /// An atom, or `real ± imaginary` (the one binary operation `literal_eval` allows).
    private mutating func parseExpression() -> PythonObject? {
        guard let atom = parseAtom() else { return nil }
        guard case .value(let value) = atom, value.isNumber else { return atom }
        let save = index
        skipSpace()
        if let sign = current, sign == "+" || sign == "-" {
            index += 1
            skipSpace()
            if let imaginary = parseNumber(), case .other("complex", let text) = imaginary {
                return .other(typeName: "complex", text: "(\(value.pythonLiteral)\(sign)\(text))")
            }
        }
        index = save
        return atom
    }

    private mutating func parseAtom() -> PythonObject? {
        skipSpace()
        guard let c = current else { return nil }
        switch c {
        case "[":
            index += 1
            guard let items = parseCommaList(closing: "]"), current == "]" else { return nil }
            index += 1
            return Self.sequence(items.values, typeName: "list")
        case "(":
            index += 1
            guard let items = parseCommaList(closing: ")"), current == ")" else { return nil }
            index += 1
            if items.count == 1 && !items.trailingComma { return items.values[0] }
            return Self.sequence(items.values, typeName: "tuple")
        case "{":
            return parseBraces()
        case "+", "-":
            index += 1
            skipSpace()
            guard let operand = parseNumber() else { return nil }
            guard case .value(let value) = operand else { return operand.typeName == "complex" ? operand : nil }
            if c == "+" { return operand }
            switch value {
            case .int(let number): return .value(.int(-number))
            case .double(let number): return .value(.double(-number))
            default: return nil
            }
        case "'", "\"":
            return parseStrings()
        default:
            if c.isNumber || c == "." { return parseNumber() }
            return parseNameOrPrefixedString()
        }
    }

    /// `{...}` is a dict or a set: never valid for a config key, but a literal all the same.
    private mutating func parseBraces() -> PythonObject? {
        let start = index
        var depth = 0
        var isDict = false
        while let c = current {
            if c == "{" { depth += 1 }
            if c == "}" { depth -= 1 }
            if c == ":" && depth == 1 { isDict = true }
            index += 1
            if depth == 0 { break }
        }
        guard depth == 0 else { return nil }
        let text = String(chars[start..<index])
        return .other(typeName: isDict || text.filter({ !$0.isWhitespace }) == "{}" ? "dict" : "set", text: text)
    }

    private mutating func parseNameOrPrefixedString() -> PythonObject? {
        let start = index
        while let c = current, c.isLetter || c.isNumber || c == "_" { index += 1 }
        let name = String(chars[start..<index])
        if current == "'" || current == "\"" {
            switch name.lowercased() {
            case "u", "r": return parseStrings(raw: name.lowercased() == "r")
            case "b", "br", "rb":
                guard parseStrings() != nil else { return nil }
                return .other(typeName: "bytes", text: String(chars[start..<index]))
            default: return nil  // f-strings are not literals
            }
        }
        switch name {
        case "True": return .value(.bool(true))
        case "False": return .value(.bool(false))
        case "None": return .value(.null)
        default: return nil
        }
    }
}

extension ConfigValue {
    fileprivate var isNumber: Bool {
        switch self {
        case .int, .double: true
        default: false
        }
    }
}

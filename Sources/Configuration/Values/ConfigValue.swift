/// A configuration value, typed as Python/yacs types them.
///
/// `int` and `double` are distinct on purpose: yacs refuses an int for a float key
/// (`BASE_LR: 1` is an error, write `1.0`). Tuples become lists (yacs converts between them).
public enum ConfigValue: Sendable, Hashable {
    /// Python `None`: yacs accepts it for any key.
    case null
    /// Python `bool` (`True` / `False`).
    case bool(Bool)
    /// Python `int`.
    case int(Int)
    /// Python `float`.
    case double(Double)
    /// Python `str`.
    case string(String)
    /// Python `list` or `tuple`.
    case list([ConfigValue])

    /// The Python type name, as yacs's error messages print it.
    public var pythonTypeName: String {
        switch self {
        case .null: "NoneType"
        case .bool: "bool"
        case .int: "int"
        case .double: "float"
        case .string: "str"
        case .list: "list"
        }
    }

    /// The value written as Python's `repr` would write it (`0.01`, `'SOP'`, `[64, 64]`, `True`).
    public var pythonLiteral: String {
        switch self {
        case .null: "None"
        case .bool(let value): value ? "True" : "False"
        case .int(let value): String(value)
        case .double(let value): Self.pythonFloat(value)
        case .string(let value): Self.pythonString(value)
        case .list(let items): "[" + items.map(\.pythonLiteral).joined(separator: ", ") + "]"
        }
    }

    /// A float as Python's `repr` writes it: always with a `.` or an exponent, `inf`, `nan`.
    static func pythonFloat(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        // Swift's shortest round-trip digits match Python's repr; only the exponent form differs.
        var text = "\(value)"
        if let e = text.firstIndex(of: "e") {
            var mantissa = String(text[..<e])
            var exponent = String(text[text.index(after: e)...])
            if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
            let negative = exponent.hasPrefix("-")
            if negative || exponent.hasPrefix("+") { exponent.removeFirst() }
            // Python writes positional notation up to 1e16; Swift switches at 2^53.
            if !negative, let power = Int(exponent), power < 16 {
                let sign = mantissa.hasPrefix("-") ? "-" : ""
                var digits = mantissa.filter(\.isNumber)
                if digits.count <= power + 1 {
                    digits += String(repeating: "0", count: power + 1 - digits.count)
                    return sign + digits + ".0"
                }
                digits.insert(".", at: digits.index(digits.startIndex, offsetBy: power + 1))
                return sign + digits
            }
            if exponent.count < 2 { exponent = "0" + exponent }
            text = mantissa + "e" + (negative ? "-" : "+") + exponent
        }
        return text
    }

    /// A string as Python's `repr` writes it, single-quoted with escapes.
    static func pythonString(_ value: String) -> String {
        let quote: Character = value.contains("'") && !value.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append(quote)
        return out
    }
}

extension ConfigValue: CustomStringConvertible {
    /// The Python literal form (`0.01`, `'SOP'`, `[64, 64]`).
    public var description: String { pythonLiteral }
}

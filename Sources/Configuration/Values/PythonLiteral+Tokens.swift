extension PythonLiteral {
    /// Python number tokens: `0`, `12_000`, `0x1F`, `0o17`, `0b101`, `1.5`, `.5`, `1e-4`, `2j`.
    mutating func parseNumber() -> PythonObject? {
        let start = index
        while let c = current,
            c.isLetter || c.isNumber || c == "_" || c == "."
                || ((c == "+" || c == "-") && index > start && "eE".contains(chars[index - 1])
                    && !isRadixLiteral(from: start))
        {
            index += 1
        }
        let token = String(chars[start..<index])
        return Self.number(token)
    }

    private func isRadixLiteral(from start: Int) -> Bool {
        start + 1 < chars.count && chars[start] == "0" && "xXoObB".contains(chars[start + 1])
    }

    static func number(_ token: String) -> PythonObject? {
        guard !token.hasPrefix("_"), !token.hasSuffix("_"), !token.contains("__") else { return nil }
        if token.hasSuffix("j") || token.hasSuffix("J"), !isRadixToken(token) {
            // An imaginary part is float-like: `09j` is valid where the int `09` is not.
            let mantissa = String(token.dropLast()).lowercased()
            guard !mantissa.hasSuffix("j"), !mantissa.contains("_."), !mantissa.contains("._"),
                mantissa.filter({ $0 != "_" }).allSatisfy(\.isNumber) || isFloatToken(mantissa),
                Double(mantissa.replacingUnderscores()) != nil
            else { return nil }
            return .other(typeName: "complex", text: token)
        }
        if token.hasSuffix("j") || token.hasSuffix("J") { return nil }
        let lower = token.lowercased()
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) {
            var digits = String(lower.dropFirst(2))
            if digits.hasPrefix("_") { digits.removeFirst() }
            guard !digits.isEmpty, !digits.hasPrefix("_"), let value = Int(digits.replacingUnderscores(), radix: radix)
            else {
                return nil
            }
            return .value(.int(value))
        }
        let plain = lower.replacingUnderscores()
        if plain.allSatisfy(\.isNumber) {
            // Python forbids leading zeros in decimal ints, except for zero itself.
            guard !(plain.count > 1 && plain.hasPrefix("0") && plain.contains(where: { $0 != "0" })) else { return nil }
            guard let value = Int(plain) else { return nil }
            return .value(.int(value))
        }
        guard isFloatToken(lower),
            !lower.contains("_.") && !lower.contains("._") && !lower.contains("_e")
                && !lower.contains("e_"), let value = Double(plain)
        else { return nil }
        return .value(.double(value))
    }

    private static func isRadixToken(_ token: String) -> Bool {
        let lower = token.lowercased()
        return lower.hasPrefix("0x") || lower.hasPrefix("0o") || lower.hasPrefix("0b")
    }

    /// `digits [. digits?] [e[+-]digits]` or `. digits [e...]`, with at least one digit.
    private static func isFloatToken(_ token: String) -> Bool {
        var mantissa = Substring(token)
        if let e = token.firstIndex(of: "e") {
            mantissa = token[..<e]
            var exponent = token[token.index(after: e)...]
            if exponent.hasPrefix("+") || exponent.hasPrefix("-") { exponent = exponent.dropFirst() }
            guard !exponent.isEmpty, exponent.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") }) else {
                return false
            }
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.contains(where: { !$0.isEmpty }) else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "_") } }
    }

    /// One or more adjacent string literals, concatenated as Python does (`'a' 'b'` → `'ab'`).
    mutating func parseStrings(raw: Bool = false) -> PythonObject? {
        var result = ""
        var isRaw = raw
        while true {
            guard let piece = parseOneString(raw: isRaw) else { return nil }
            result += piece
            let save = index
            skipSpaceOnLine()
            if current == "'" || current == "\"" {
                isRaw = false
                continue
            }
            if let c = current, "rRuU".contains(c), index + 1 < chars.count, "'\"".contains(chars[index + 1]) {
                isRaw = "rR".contains(c)
                index += 1
                continue
            }
            index = save
            return .value(.string(result))
        }
    }

    private mutating func skipSpaceOnLine() {
        while let c = current, c == " " || c == "\t" { index += 1 }
    }

    private mutating func parseOneString(raw: Bool) -> String? {
        guard let quote = current else { return nil }
        index += 1
        var out = ""
        while let c = current {
            index += 1
            if c == quote { return out }
            if c == "\n" { return nil }
            guard c == "\\" else {
                out.append(c)
                continue
            }
            guard let escaped = current else { return nil }
            index += 1
            if raw {
                out.append("\\")
                out.append(escaped)
                continue
            }
            switch escaped {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "0": out.append("\0")
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "v": out.append("\u{0B}")
            case "\\", "'", "\"": out.append(escaped)
            case "\n": break
            case "x", "u", "U":
                let width = escaped == "x" ? 2 : escaped == "u" ? 4 : 8
                guard index + width <= chars.count,
                    let code = UInt32(String(chars[index..<index + width]), radix: 16),
                    let scalar = Unicode.Scalar(code)
                else { return nil }
                out.unicodeScalars.append(scalar)
                index += width
            default:
                // Python keeps an unknown escape as written (with a warning).
                out.append("\\")
                out.append(escaped)
            }
        }
        return nil
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { filter { $0 != "_" } }
}

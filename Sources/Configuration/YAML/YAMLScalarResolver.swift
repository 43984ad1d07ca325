/// Turns YAML nodes into Python values exactly as PyYAML's `SafeLoader` does (YAML 1.1):
/// plain `1` is an int, `1.0` a float, but plain `1e-4` is a *string* (YAML 1.1 floats need a
/// dot); `on`/`off`/`yes`/`no` are booleans; `~`, `null` and an empty value are `None`.
struct YAMLScalarResolver {
    /// The file name used in error messages.
    let file: String

    /// The Python value of a scalar or sequence node (a mapping inside a list becomes a
    /// `dict` that no config key accepts).
    func resolve(_ node: YAMLNode) throws(ConfigError) -> PythonObject {
        switch node.content {
        case .scalar(let text, let style, let tag):
            return try resolveScalar(text, style: style, tag: tag, node: node)
        case .sequence(let items):
            var values: [ConfigValue] = []
            var others: [PythonObject] = []
            for item in items {
                let object = try resolve(item)
                if case .value(let value) = object { values.append(value) } else { others.append(object) }
            }
            if let other = others.first {
                return .other(typeName: "list containing \(other.typeName)", text: "[… \(other.text) …]")
            }
            return .value(.list(values))
        case .mapping:
            return .other(typeName: "dict", text: "{…}")
        }
    }

    private func resolveScalar(
        _ text: String, style: YAMLNode.ScalarStyle, tag: String?,
        node: YAMLNode
    ) throws(ConfigError) -> PythonObject {
        if let tag {
            let name = tag.hasPrefix("tag:yaml.org,2002:") ? String(tag.dropFirst(18)) : tag
            let resolved: PythonObject?
            switch name {
            case "str": resolved = .value(.string(text))
            case "int": resolved = Self.int(text).map { .value(.int($0)) }
            case "float":
                resolved =
                    Self.float(text).map { .value(.double($0)) } ?? Self.int(text).map { .value(.double(Double($0))) }
            case "bool": resolved = Self.bool(text).map { .value(.bool($0)) }
            case "null": resolved = .value(.null)
            default:
                throw ConfigError.malformedYAML(
                    file: file, line: node.line, column: node.column,
                    problem: "could not determine a constructor for the tag '\(tag)'")
            }
            guard let resolved else {
                throw ConfigError.malformedYAML(
                    file: file, line: node.line, column: node.column,
                    problem: "'\(text)' is not a valid !!\(name)")
            }
            return resolved
        }
        guard style == .plain else { return .value(.string(text)) }
        return Self.implicit(text)
    }

    /// PyYAML's implicit resolvers for plain scalars, in its order: bool, float, int, null,
    /// timestamp, then string.
    static func implicit(_ text: String) -> PythonObject {
        if let value = bool(text) { return .value(.bool(value)) }
        if let value = float(text) { return .value(.double(value)) }
        if let value = int(text) { return .value(.int(value)) }
        if ["", "~", "null", "Null", "NULL"].contains(text) { return .value(.null) }
        if isTimestamp(text) { return .other(typeName: "datetime", text: text) }
        return .value(.string(text))
    }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": true
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": false
        default: nil
        }
    }

    /// `text` without its leading `-` or `+`, and whether that sign was `-`.
    private static func unsigned(_ text: String) -> (body: Substring, negative: Bool) {
        guard let first = text.first, first == "-" || first == "+" else {
            return (Substring(text), false)
        }
        return (text.dropFirst(), first == "-")
    }

    /// `[-+]?(0b[01_]+ | 0x[0-9a-fA-F_]+ | 0[0-7_]+ | 0 | [1-9][0-9_]* (:[0-5]?[0-9])*)`.
    static func int(_ text: String) -> Int? {
        let (body, negative) = unsigned(text)
        let sign = negative ? -1 : 1
        guard let first = body.first else { return nil }
        let digits = body.filter { $0 != "_" }
        func all(_ s: Substring, in set: String) -> Bool { !s.isEmpty && s.allSatisfy { set.contains($0) } }
        if body.hasPrefix("0b") {
            guard all(body.dropFirst(2), in: "01_"), let v = Int(digits.dropFirst(2), radix: 2) else { return nil }
            return sign * v
        }
        if body.hasPrefix("0x") {
            guard all(body.dropFirst(2), in: "0123456789abcdefABCDEF_"), let v = Int(digits.dropFirst(2), radix: 16)
            else {
                return nil
            }
            return sign * v
        }
        if first == "0" {
            if body.count == 1 { return 0 }
            guard all(body.dropFirst(), in: "01234567_") else { return nil }
            return Int(digits, radix: 8).map { sign * $0 }
        }
        if body.contains(":") { return sexagesimal(body).flatMap { Int(exactly: $0) }.map { sign * $0 } }
        guard first.isASCIIDigit, all(body, in: "0123456789_"), let v = Int(digits) else { return nil }
        return sign * v
    }

    /// `[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?`, `.inf`, `.nan`, sexagesimal floats.
    static func float(_ text: String) -> Double? {
        let (body, negative) = unsigned(text)
        let sign: Double = negative ? -1 : 1
        if [".inf", ".Inf", ".INF"].contains(body) { return sign * .infinity }
        if [".nan", ".NaN", ".NAN"].contains(text) { return .nan }
        guard let dot = body.firstIndex(of: ".") else { return nil }
        let whole = body[..<dot]
        var rest = body[body.index(after: dot)...]
        var exponent: Substring = ""
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = rest[rest.index(after: e)...]
            rest = rest[..<e]
            guard let s = exponent.first, s == "-" || s == "+", exponent.count > 1,
                exponent.dropFirst().allSatisfy(\.isASCIIDigit)
            else { return nil }
        }
        guard rest.allSatisfy({ $0.isASCIIDigit || $0 == "_" }) else { return nil }
        if whole.contains(":") {
            guard exponent.isEmpty, whole.first?.isASCIIDigit == true,
                let base = sexagesimal(whole)
            else { return nil }
            let fraction = Double("0." + rest.filter { $0 != "_" }) ?? 0
            return sign * (base + fraction)
        }
        if whole.isEmpty {
            // PyYAML's `\.[0-9][0-9_]*` alternative takes no sign.
            guard sign == 1, text.first == ".", rest.first?.isASCIIDigit == true else { return nil }
        } else {
            guard whole.first?.isASCIIDigit == true, whole.allSatisfy({ $0.isASCIIDigit || $0 == "_" }) else {
                return nil
            }
        }
        let number =
            (whole.isEmpty ? "0" : whole.filter { $0 != "_" }) + "." + rest.filter { $0 != "_" }
            + (exponent.isEmpty ? "" : "e" + exponent)
        return Double(number).map { sign * $0 }
    }

    /// YAML 1.1 base-60 numbers (`1:30` = 90), which PyYAML still honours.
    private static func sexagesimal(_ text: Substring) -> Double? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard let head = parts.first, !head.isEmpty, head.allSatisfy({ $0.isASCIIDigit || $0 == "_" }) else {
            return nil
        }
        var value = Double(head.filter { $0 != "_" }) ?? 0
        for part in parts.dropFirst() {
            guard (1...2).contains(part.count), part.allSatisfy(\.isASCIIDigit), let digit = Double(part), digit < 60,
                part.count == 1 || part.first.map({ "012345".contains($0) }) == true
            else { return nil }
            value = value * 60 + digit
        }
        return value
    }

    /// `YYYY-MM-DD…`: PyYAML builds a date, which no config key accepts.
    private static func isTimestamp(_ text: String) -> Bool {
        let chars = Array(text)
        guard chars.count >= 8, chars[0...3].allSatisfy(\.isASCIIDigit), chars[4] == "-" else { return false }
        return chars[5].isASCIIDigit && chars.dropFirst(5).contains("-")
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

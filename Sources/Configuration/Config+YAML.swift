import Foundation

extension Config {
    /// The whole resolved config as YAML, in tree order, written so that loading it back (with
    /// AIRS or with upstream's yacs) gives an equal config.
    ///
    /// Strings are double-quoted; a string that yacs would otherwise evaluate as a Python
    /// literal (`'0'`, `'True'`, `'[1]'`) is written as that literal, as upstream writes
    /// `DEVICE_ID: "'0'"`. Floats always carry a dot (`1.0e-07`) so PyYAML reads a float.
    public func yaml(header: String? = nil) -> String {
        var lines: [String] =
            header.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" } } ?? []
        renderTree { depth, name, value in
            let indent = String(repeating: "  ", count: depth)
            if let value {
                lines.append("\(indent)\(name): \(Self.yamlValue(value, evaluated: true))")
            } else {
                lines.append("\(indent)\(name):")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `yaml(header:)` to `path` (the run folder's resolved config).
    public func write(to path: String, header: String? = nil) throws(ConfigError) {
        do {
            try Data(yaml(header: header).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ConfigError.unwritableFile(path: path, reason: Self.reason(error))
        }
    }

    /// Walks the tree in schema order: `visit(depth, name, nil)` for a section header,
    /// `visit(depth, name, value)` for a leaf.
    func renderTree(_ visit: (Int, String, ConfigValue?) -> Void) {
        var open: [Substring] = []
        for entry in ConfigSchema.entries {
            let parts = entry.key.split(separator: ".")
            let parents = Array(parts.dropLast())
            var shared = 0
            while shared < min(open.count, parents.count) && open[shared] == parents[shared] { shared += 1 }
            for depth in shared..<parents.count { visit(depth, String(parents[depth]), nil) }
            open = parents
            visit(parents.count, String(parts[parts.count - 1]), values[entry.key] ?? entry.defaultValue)
        }
    }

    /// One value in YAML. `evaluated`: yacs passes this string through `literal_eval`
    /// (top-level values do, list items do not).
    static func yamlValue(_ value: ConfigValue, evaluated: Bool) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "True" : "False"
        case .int(let number): return String(number)
        case .double(let number): return yamlFloat(number)
        case .string(let text):
            let needsLiteral = evaluated && PythonLiteral.evaluate(text) != nil
            return yamlQuoted(needsLiteral ? ConfigValue.pythonString(text) : text)
        case .list(let items):
            return "[" + items.map { yamlValue($0, evaluated: false) }.joined(separator: ", ") + "]"
        }
    }

    /// A float as PyYAML's representer writes it: `0.01`, `1.0e-07`, `.inf`, `.nan`.
    static func yamlFloat(_ number: Double) -> String {
        if number.isNaN { return ".nan" }
        if number.isInfinite { return number < 0 ? "-.inf" : ".inf" }
        let text = ConfigValue.pythonFloat(number)
        guard let e = text.firstIndex(of: "e"), !text[..<e].contains(".") else { return text }
        return text[..<e] + ".0" + text[e...]
    }

    /// A YAML double-quoted scalar.
    static func yamlQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

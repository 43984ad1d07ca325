extension Value: CustomStringConvertible {
    /// The text `print` and `str` produce: strings bare, numbers without a trailing `.0`.
    public var description: String {
        if case .string(let s) = self { return s }
        return repr
    }

    /// The text shown inside collections and for cell results: strings quoted.
    public var repr: String {
        var budget = 10_000
        return render(quoted: true, depth: 0, budget: &budget)
    }

    private func render(quoted: Bool, depth: Int, budget: inout Int) -> String {
        budget -= 1
        if depth > 50 || budget < 0 { return "…" }
        switch self {
        case .nil: return "nil"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return Value.format(n)
        case .string(let s): return quoted ? Value.quote(s) : s
        case .list(let items):
            return "["
                + items.map { $0.render(quoted: true, depth: depth + 1, budget: &budget) }.joined(separator: ", ") + "]"
        case .dictionary(let d):
            let keys = d.keys
            let entries = keys.map { key in
                key.render(quoted: true, depth: depth + 1, budget: &budget) + ": "
                    + (d[key] ?? .nil).render(quoted: true, depth: depth + 1, budget: &budget)
            }
            return "{" + entries.joined(separator: ", ") + "}"
        case .range(let r):
            return r.step == 1 ? "range(\(r.start), \(r.stop))" : "range(\(r.start), \(r.stop), \(r.step))"
        case .function(let f): return "<function \(f.signature)>"
        case .native(let f): return "<native function \(f.signature)>"
        case .method(let m): return "<method \(m.function.name) of \(m.receiver.typeName)>"
        case .host(let object): return object.description
        }
    }

    /// Integral numbers print without a fractional part (`3`, not `3.0`); others in shortest form.
    public static func format(_ n: Double) -> String {
        if n.isNaN { return "nan" }
        if n.isInfinite { return n > 0 ? "inf" : "-inf" }
        if n == n.rounded(), abs(n) < 1e16 { return String(Int(n)) }
        return String(n)
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}

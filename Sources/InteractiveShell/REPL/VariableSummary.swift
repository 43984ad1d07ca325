import Foundation
import ScriptLanguage
import ScriptLibrary

/// The columns of `:vars`: a value's shape or size and an estimate of its memory.
enum VariableSummary {
    static func shapeOrSize(of value: Value) -> String {
        switch value {
        case .list(let items): return "\(items.count) items"
        case .dictionary(let d): return "\(d.count) keys"
        case .string(let s): return "\(s.count) chars"
        case .range(let r): return "\(r.count) items"
        case .host(let object as MemoryFootprint):
            return object.sizeSummary
        case .host(let object):
            if let shape = try? object.attribute("shape"), case .list(let dims) = shape {
                return "[" + dims.map(\.description).joined(separator: ", ") + "]"
            }
            return object.length.map { "\($0) items" } ?? "-"
        default: return "-"
        }
    }

    static func memory(of value: Value) -> String {
        if case .host(let footprint as MemoryFootprint) = value { return bytes(footprint.byteCount) }
        if case .host(let object) = value {
            for name in ["nbytes", "bytes", "memory"] {
                if let v = try? object.attribute(name), case .number(let n) = v { return bytes(Int(n)) }
            }
            return "-"
        }
        return bytes(estimate(value))
    }

    /// A rough footprint for script data: what the values themselves hold.
    private static func estimate(_ value: Value) -> Int {
        switch value {
        case .nil, .bool, .number, .range: return 8
        case .string(let s): return s.utf8.count
        case .list(let items): return items.reduce(8) { $0 + estimate($1) }
        case .dictionary(let d): return zip(d.keys, d.values).reduce(8) { $0 + estimate($1.0) + estimate($1.1) }
        default: return 8
        }
    }

    static func bytes(_ count: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB"]
        var size = Double(count)
        var unit = 0
        while size >= 1024, unit < units.count - 1 {
            size /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : "\(Value.format((size * 10).rounded() / 10)) \(units[unit])"
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 1e-3 { return "\(Value.format((seconds * 1e7).rounded() / 10)) µs" }
        if seconds < 1 { return "\(Value.format((seconds * 1e4).rounded() / 10)) ms" }
        return "\(Value.format((seconds * 1000).rounded() / 1000)) s"
    }

    /// Left-aligned columns under a header.
    static func table(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}

import Foundation

/// Plain-text tables with aligned columns, for terminal output.
struct TextTable {
    var headers: [String]
    /// Columns whose cells are right-aligned (numbers).
    var rightAligned: Set<Int> = []
    var rows: [[String]] = []

    func rendered() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            let text = cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ")
            return String(text.reversed().drop { $0 == " " }.reversed())
        }
        return ([line(headers), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(
            separator: "\n")
    }

    /// `value` with 6 significant digits (`%.6g`), `-` for `nil`.
    static func number(_ value: Double?) -> String {
        guard let value else { return "-" }
        return String(format: "%.6g", value)
    }
}

import Foundation
import Datasets

/// Named series of values over a shared x axis (steps or epochs), drawn in the terminal with
/// braille dots or rendered as a PNG with axes, ticks and a legend.
struct LineChart {
    struct Series {
        var name: String
        var values: [Double]
    }

    var series: [Series]
    var title: String
    var xLabel: String

    /// The finite y range over every series, widened when flat.
    var yRange: (Double, Double) {
        let finite = series.flatMap(\.values).filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return (0, 1) }
        return low == high ? (low - 0.5, high + 0.5) : (low, high)
    }

    var length: Int { series.map(\.values.count).max() ?? 0 }

    // MARK: - Terminal

    /// A braille chart `columns` characters wide and `rows` tall (each character is 2×4 dots),
    /// with the y range on the left and a legend below; each series gets its own ANSI colour
    /// when `colored`.
    func terminal(columns: Int = 60, rows: Int = 12, colored: Bool = false) -> String {
        let dotsWide = columns * 2, dotsHigh = rows * 4
        var cells = [[UInt8]](repeating: [UInt8](repeating: 0, count: columns), count: rows)
        var owner = [[Int]](repeating: [Int](repeating: -1, count: columns), count: rows)
        let (low, high) = yRange
        let n = max(length - 1, 1)
        for (index, s) in series.enumerated() {
            var previous: (Int, Int)?
            for (i, value) in s.values.enumerated() where value.isFinite {
                let x = Int((Double(i) / Double(n) * Double(dotsWide - 1)).rounded())
                let y = dotsHigh - 1 - Int(((value - low) / (high - low) * Double(dotsHigh - 1)).rounded())
                for (px, py) in Self.segment(from: previous ?? (x, y), to: (x, y)) {
                    let (cx, cy) = (px / 2, py / 4)
                    cells[cy][cx] |= Self.brailleBit(dx: px % 2, dy: py % 4)
                    owner[cy][cx] = index
                }
                previous = (x, y)
            }
        }
        let label = { (v: Double) in String(format: "%9.4g", v) }
        var lines: [String] = title.isEmpty ? [] : [title]
        for (r, row) in cells.enumerated() {
            let axis = r == 0 ? label(high) : (r == rows - 1 ? label(low) : String(repeating: " ", count: 9))
            var text = axis + " ┤"
            for (c, bits) in row.enumerated() {
                let glyph = String(UnicodeScalar(0x2800 + UInt32(bits))!)
                text += colored && owner[r][c] >= 0 ? "\u{1B}[3\(owner[r][c] % 6 + 1)m\(glyph)\u{1B}[0m" : glyph
            }
            lines.append(text)
        }
        lines.append(String(repeating: " ", count: 10) + "└" + String(repeating: "─", count: columns))
        lines.append(String(repeating: " ", count: 11) + "0" + String(repeating: " ", count: max(1, columns - 1 - "\(length - 1) \(xLabel)".count)) + "\(length - 1) \(xLabel)")
        let legend = series.enumerated().map { i, s in colored ? "\u{1B}[3\(i % 6 + 1)m━━\u{1B}[0m \(s.name)" : "[\(i + 1)] \(s.name)" }
        lines.append(String(repeating: " ", count: 11) + legend.joined(separator: "   "))
        return lines.joined(separator: "\n")
    }

    private static func brailleBit(dx: Int, dy: Int) -> UInt8 {
        let left: [UInt8] = [0x01, 0x02, 0x04, 0x40], right: [UInt8] = [0x08, 0x10, 0x20, 0x80]
        return dx == 0 ? left[dy] : right[dy]
    }

    private static func segment(from a: (Int, Int), to b: (Int, Int)) -> [(Int, Int)] {
        let steps = max(abs(b.0 - a.0), abs(b.1 - a.1), 1)
        return (0...steps).map { t in
            (a.0 + (b.0 - a.0) * t / steps, a.1 + (b.1 - a.1) * t / steps)
        }
    }

    // MARK: - PNG

    /// The chart as an RGB image: frame, y ticks with values, x ticks, one coloured line per
    /// series and a legend.
    func image(width: Int = 800, height: Int = 480) -> Image {
        var canvas = Canvas(width: width, height: height)
        let left = 80, right = 20, top = 40, bottom = 70
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let (low, high) = yRange
        canvas.text(title, x: (width - Canvas.textWidth(title, scale: 2)) / 2, y: 8, scale: 2)
        canvas.frame(x: left, y: top, width: plotWidth, height: plotHeight, color: (0, 0, 0))
        for tick in 0...4 {
            let value = low + (high - low) * Double(tick) / 4
            let y = top + plotHeight - 1 - Int(Double(plotHeight - 1) * Double(tick) / 4)
            canvas.fill(x: left + 1, y: y, width: plotWidth - 2, height: 1, color: (225, 225, 225))
            canvas.fill(x: left - 5, y: y, width: 5, height: 1, color: (0, 0, 0))
            let text = String(format: "%.4g", value)
            canvas.text(text, x: left - 8 - Canvas.textWidth(text), y: y - BitmapFont.height / 2)
        }
        let n = max(length - 1, 1)
        for tick in 0...4 {
            let index = n * tick / 4
            let x = left + Int(Double(plotWidth - 1) * Double(index) / Double(n))
            canvas.fill(x: x, y: top + plotHeight, width: 1, height: 5, color: (0, 0, 0))
            canvas.text("\(index)", x: x - Canvas.textWidth("\(index)") / 2, y: top + plotHeight + 8)
        }
        canvas.text(xLabel, x: left + (plotWidth - Canvas.textWidth(xLabel)) / 2, y: top + plotHeight + 24)
        for (index, s) in series.enumerated() {
            var previous: (Int, Int)?
            for (i, value) in s.values.enumerated() where value.isFinite {
                let x = left + Int(Double(plotWidth - 1) * Double(i) / Double(n))
                let y = top + plotHeight - 1 - Int((value - low) / (high - low) * Double(plotHeight - 1))
                if let (px, py) = previous { canvas.line(px, py, x, y, color: Palette.color(index), thickness: 2) }
                previous = (x, y)
            }
        }
        var legendX = left
        for (index, s) in series.enumerated() {
            canvas.fill(x: legendX, y: height - 22, width: 20, height: 4, color: Palette.color(index))
            canvas.text(s.name, x: legendX + 26, y: height - 26)
            legendX += 40 + Canvas.textWidth(s.name)
        }
        return canvas.image
    }
}

import Datasets
import Foundation

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
        let dotsWide = columns * 2
        let dotsHigh = rows * 4
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
        lines.append(
            String(repeating: " ", count: 11) + "0"
                + String(repeating: " ", count: max(1, columns - 1 - "\(length - 1) \(xLabel)".count))
                + "\(length - 1) \(xLabel)")
        let legend = series.enumerated().map { i, s in
            colored ? "\u{1B}[3\(i % 6 + 1)m━━\u{1B}[0m \(s.name)" : "[\(i + 1)] \(s.name)"
        }
        lines.append(String(repeating: " ", count: 11) + legend.joined(separator: "   "))
        return lines.joined(separator: "\n")
    }

    private static func brailleBit(dx: Int, dy: Int) -> UInt8 {
        let left: [UInt8] = [0x01, 0x02, 0x04, 0x40]
        let right: [UInt8] = [0x08, 0x10, 0x20, 0x80]
        return dx == 0 ? left[dy] : right[dy]
    }

    private static func segment(from a: (Int, Int), to b: (Int, Int)) -> [(Int, Int)] {
        let steps = max(abs(b.0 - a.0), abs(b.1 - a.1), 1)
        return (0...steps).map { t in
            (a.0 + (b.0 - a.0) * t / steps, a.1 + (b.1 - a.1) * t / steps)
        }
    }

    // MARK: - PNG

    /// The chart as an RGB image: frame, round-numbered ticks with grid lines on both axes, one
    /// coloured line per series (in a y range padded by 5 % so no line runs along the frame),
    /// axis labels and a legend.
    func image(width: Int = 800, height: Int = 480) -> Image {
        var canvas = Canvas(width: width, height: height)
        let left = 80
        let right = 24
        let top = title.isEmpty ? 36 : 48
        let bottom = 76
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let (dataLow, dataHigh) = yRange
        let pad = (dataHigh - dataLow) * 0.05
        let (low, high) = (dataLow - pad, dataHigh + pad)
        let n = max(length - 1, 1)
        let yPixel = { (v: Double) in
            top + plotHeight - 1 - Int(((v - low) / (high - low) * Double(plotHeight - 1)).rounded())
        }
        let xPixel = { (i: Double) in left + Int((Double(plotWidth - 1) * i / Double(n)).rounded()) }
        if !title.isEmpty { canvas.text(title, x: (width - Canvas.textWidth(title, scale: 2)) / 2, y: 10, scale: 2) }
        let yTicks = Self.ticks(low, high)
        for value in yTicks {
            let y = yPixel(value)
            canvas.fill(x: left + 1, y: y, width: plotWidth - 2, height: 1, color: (228, 228, 228))
            canvas.fill(x: left - 5, y: y, width: 5, height: 1, color: (0, 0, 0))
            let text = Self.label(value, step: yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1)
            canvas.text(text, x: left - 9 - Canvas.textWidth(text), y: y - BitmapFont.height / 2)
        }
        for value in Self.ticks(0, Double(n), integers: true) {
            let x = xPixel(value)
            canvas.fill(x: x, y: top + 1, width: 1, height: plotHeight - 2, color: (240, 240, 240))
            canvas.fill(x: x, y: top + plotHeight, width: 1, height: 5, color: (0, 0, 0))
            let text = String(Int(value))
            canvas.text(text, x: x - Canvas.textWidth(text) / 2, y: top + plotHeight + 8)
        }
        canvas.frame(x: left, y: top, width: plotWidth, height: plotHeight, color: (0, 0, 0))
        canvas.text(xLabel, x: left + (plotWidth - Canvas.textWidth(xLabel)) / 2, y: top + plotHeight + 24)
        let yLabel = series.count == 1 ? series[0].name : "value"
        canvas.text(yLabel, x: max(2, left - 9 - Canvas.textWidth(yLabel)), y: top - BitmapFont.height - 8)
        for (index, s) in series.enumerated() {
            var previous: (Int, Int)?
            for (i, value) in s.values.enumerated() where value.isFinite {
                let point = (xPixel(Double(i)), yPixel(value))
                canvas.line(
                    previous?.0 ?? point.0, previous?.1 ?? point.1, point.0, point.1, color: Palette.color(index),
                    thickness: 2)
                previous = point
            }
        }
        var legendX = left
        for (index, s) in series.enumerated() {
            canvas.fill(x: legendX, y: height - 24, width: 24, height: 4, color: Palette.color(index))
            canvas.text(s.name, x: legendX + 30, y: height - 28)
            legendX += 48 + Canvas.textWidth(s.name)
        }
        return canvas.image
    }

    /// Round tick values (steps of 1, 2 or 5 × 10ⁿ) inside [low, high], about five of them.
    static func ticks(_ low: Double, _ high: Double, integers: Bool = false) -> [Double] {
        guard high > low, (high - low).isFinite else { return [low] }
        let raw = (high - low) / 5
        let magnitude = pow(10, floor(log10(raw)))
        var step = ([1.0, 2, 5, 10].first { $0 * magnitude >= raw } ?? 10) * magnitude
        if integers { step = max(1, step.rounded()) }
        var values: [Double] = []
        var value = (low / step).rounded(.up) * step
        while value <= high + step * 1e-9, values.count < 50 {
            values.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return values
    }

    /// A tick value with as many decimals as the step needs.
    static func label(_ value: Double, step: Double) -> String {
        let decimals = max(0, min(6, -Int(floor(log10(abs(step) > 0 ? abs(step) : 1)))))
        return String(format: "%.\(decimals)f", value)
    }
}

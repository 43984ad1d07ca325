import Datasets
import Foundation

/// Points coloured by class on framed axes with round-numbered ticks, axis labels (with the
/// share of variance each principal axis explains, when known) and a legend of the classes
/// on the right.
struct ScatterPlot {
    var points: [(Double, Double)]
    var classes: [Int]
    var title: String
    /// The share of variance along x and y, printed in the axis labels.
    var explained: [Double] = []

    func image(width: Int = 760, height: Int = 640) -> Image {
        var canvas = Canvas(width: width, height: height)
        let left = 70
        let right = 130
        let top = 62
        let bottom = 56
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        canvas.text(title, x: left + (plotWidth - Canvas.textWidth(title, scale: 2)) / 2, y: 10, scale: 2)
        let xs = points.map(\.0).filter(\.isFinite)
        let ys = points.map(\.1).filter(\.isFinite)
        let (x0, x1) = Self.padded(xs)
        let (y0, y1) = Self.padded(ys)
        let xPixel = { (v: Double) in left + Int(((v - x0) / (x1 - x0) * Double(plotWidth - 1)).rounded()) }
        let yPixel = { (v: Double) in
            top + plotHeight - 1 - Int(((v - y0) / (y1 - y0) * Double(plotHeight - 1)).rounded())
        }
        let xTicks = LineChart.ticks(x0, x1)
        let yTicks = LineChart.ticks(y0, y1)
        let step = { (t: [Double]) in t.count > 1 ? t[1] - t[0] : 1 }
        for value in xTicks {
            let x = xPixel(value)
            canvas.fill(x: x, y: top + 1, width: 1, height: plotHeight - 2, color: (236, 236, 236))
            canvas.fill(x: x, y: top + plotHeight, width: 1, height: 5, color: (0, 0, 0))
            let text = LineChart.label(value, step: step(xTicks))
            canvas.text(text, x: x - Canvas.textWidth(text) / 2, y: top + plotHeight + 8)
        }
        for value in yTicks {
            let y = yPixel(value)
            canvas.fill(x: left + 1, y: y, width: plotWidth - 2, height: 1, color: (236, 236, 236))
            canvas.fill(x: left - 5, y: y, width: 5, height: 1, color: (0, 0, 0))
            let text = LineChart.label(value, step: step(yTicks))
            canvas.text(text, x: left - 9 - Canvas.textWidth(text), y: y - BitmapFont.height / 2)
        }
        canvas.frame(x: left, y: top, width: plotWidth, height: plotHeight, color: (0, 0, 0))
        let share = { (i: Int) in i < explained.count ? String(format: " (%.0f%% of variance)", 100 * explained[i]) : ""
        }
        let xLabel = "principal axis 1" + share(0)
        let yLabel = "principal axis 2" + share(1)
        canvas.text(xLabel, x: left + (plotWidth - Canvas.textWidth(xLabel)) / 2, y: top + plotHeight + 26)
        canvas.text(yLabel, x: 8, y: top - BitmapFont.height - 4)
        let distinct = Array(Set(classes)).sorted()
        let colorIndex = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($0.element, $0.offset) })
        for (i, point) in points.enumerated() where point.0.isFinite && point.1.isFinite {
            let color = Palette.color(colorIndex[i < classes.count ? classes[i] : 0] ?? 0)
            canvas.disc(x: xPixel(point.0), y: yPixel(point.1), radius: 4, color: color)
        }
        // The legend: one row per class, as many as fit beside the plot.
        let rowHeight = BitmapFont.height + 5
        let legendX = left + plotWidth + 16
        canvas.text("class", x: legendX, y: top)
        let rows = max(0, (plotHeight - 2 * rowHeight) / rowHeight)
        for (index, label) in distinct.prefix(rows).enumerated() {
            let y = top + (index + 1) * rowHeight + 4
            canvas.disc(x: legendX + 4, y: y + BitmapFont.height / 2, radius: 4, color: Palette.color(index))
            canvas.text("\(label)", x: legendX + 14, y: y)
        }
        if distinct.count > rows {
            canvas.text("+\(distinct.count - rows) more", x: legendX, y: top + (rows + 1) * rowHeight + 4)
        }
        if distinct.count > Palette.colors.count {
            canvas.text("(colours repeat)", x: legendX - 4, y: top + plotHeight - BitmapFont.height)
        }
        return canvas.image
    }

    /// The range of `values` widened by 5 % on each side (by 1 when flat).
    private static func padded(_ values: [Double]) -> (Double, Double) {
        guard let low = values.min(), let high = values.max() else { return (0, 1) }
        let pad = high > low ? (high - low) * 0.05 : 1
        return (low - pad, high + pad)
    }
}

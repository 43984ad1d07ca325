import Datasets

/// Points coloured by class on a framed canvas, with a legend of the first classes.
struct ScatterPlot {
    var points: [(Double, Double)]
    var classes: [Int]
    var title: String

    func image(width: Int = 640, height: Int = 640) -> Image {
        var canvas = Canvas(width: width, height: height)
        let margin = 40
        canvas.text(title, x: (width - Canvas.textWidth(title, scale: 2)) / 2, y: 8, scale: 2)
        canvas.frame(x: margin, y: margin, width: width - 2 * margin, height: height - 2 * margin, color: (0, 0, 0))
        let xs = points.map(\.0).filter(\.isFinite), ys = points.map(\.1).filter(\.isFinite)
        let (x0, x1) = (xs.min() ?? 0, xs.max() ?? 1), (y0, y1) = (ys.min() ?? 0, ys.max() ?? 1)
        let spanX = x1 > x0 ? x1 - x0 : 1, spanY = y1 > y0 ? y1 - y0 : 1
        let inner = (width - 2 * margin - 20, height - 2 * margin - 20)
        let distinct = Array(Set(classes)).sorted()
        let colorIndex = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($0.element, $0.offset) })
        for (i, point) in points.enumerated() where point.0.isFinite && point.1.isFinite {
            let x = margin + 10 + Int((point.0 - x0) / spanX * Double(inner.0))
            let y = margin + 10 + inner.1 - Int((point.1 - y0) / spanY * Double(inner.1))
            let label = i < classes.count ? classes[i] : 0
            canvas.fill(x: x - 2, y: y - 2, width: 5, height: 5, color: Palette.color(colorIndex[label] ?? 0))
        }
        var legendX = margin
        for (index, label) in distinct.prefix(10).enumerated() {
            canvas.fill(x: legendX, y: height - 26, width: 8, height: 8, color: Palette.color(index))
            canvas.text("\(label)", x: legendX + 12, y: height - 29)
            legendX += 24 + Canvas.textWidth("\(label)")
        }
        if distinct.count > 10 { canvas.text("+\(distinct.count - 10) classes", x: legendX, y: height - 29) }
        return canvas.image
    }
}

import Datasets

/// A query image followed by its top-k gallery images, each framed green for a hit (same
/// identity) or red for a miss, with its rank, distance and class printed beneath and a
/// header line that says what the colours mean.
struct RankedStrip {
    struct Entry {
        var image: Image
        /// One or two short lines under the picture.
        var caption: [String]
        var isHit: Bool?
    }

    var query: Entry
    var results: [Entry]
    var header = ""
    var tile = 96

    static let hit: Canvas.Color = (40, 170, 60)
    static let miss: Canvas.Color = (210, 40, 40)

    func image() -> Image {
        let gap = 8
        let border = 4
        let lineHeight = BitmapFont.height + 3
        let headerHeight = header.isEmpty ? 0 : lineHeight + 6
        let captionLines = ([query] + results).map(\.caption.count).max() ?? 0
        let cell = tile + 2 * border
        let width = gap + (results.count + 1) * (cell + gap) + gap
        let height = gap + headerHeight + cell + 4 + captionLines * lineHeight + gap
        var canvas = Canvas(width: width, height: height)
        if !header.isEmpty { canvas.text(String(header.prefix((width - 2 * gap) / BitmapFont.width)), x: gap, y: gap) }
        let top = gap + headerHeight
        for (index, entry) in ([query] + results).enumerated() {
            // A wider gap separates the query from its results.
            let x = gap + index * (cell + gap) + (index > 0 ? gap : 0)
            let color = entry.isHit.map { $0 ? Self.hit : Self.miss } ?? (60, 60, 60)
            canvas.fill(x: x, y: top, width: cell, height: cell, color: color)
            canvas.draw(entry.image.resized(height: tile, width: tile), x: x + border, y: top + border)
            for (line, text) in entry.caption.enumerated() {
                let caption = String(text.prefix(cell / BitmapFont.width))
                canvas.text(
                    caption, x: x + (cell - Canvas.textWidth(caption)) / 2, y: top + cell + 4 + line * lineHeight)
            }
        }
        return canvas.image
    }
}

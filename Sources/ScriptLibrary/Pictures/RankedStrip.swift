import Datasets

/// A query image followed by its top-k gallery images, each framed green for a hit (same
/// identity) or red for a miss, with the rank and distance printed beneath.
struct RankedStrip {
    struct Entry {
        var image: Image
        var caption: String
        var isHit: Bool?
    }

    var query: Entry
    var results: [Entry]
    var tile = 96

    func image() -> Image {
        let gap = 8, border = 4, captionHeight = 16
        let cell = tile + 2 * border
        let width = gap + (results.count + 1) * (cell + gap) + gap
        let height = gap + cell + captionHeight + gap
        var canvas = Canvas(width: width, height: height)
        for (index, entry) in ([query] + results).enumerated() {
            let x = gap + index * (cell + gap) + (index > 0 ? gap : 0)
            let color: Canvas.Color = entry.isHit.map { $0 ? (40, 170, 60) : (210, 40, 40) } ?? (60, 60, 60)
            canvas.fill(x: x, y: gap, width: cell, height: cell, color: color)
            canvas.draw(entry.image.resized(height: tile, width: tile), x: x + border, y: gap + border)
            let caption = String(entry.caption.prefix(cell / BitmapFont.width))
            canvas.text(caption, x: x + (cell - Canvas.textWidth(caption)) / 2, y: gap + cell + 3)
        }
        return canvas.image
    }
}

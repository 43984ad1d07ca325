extension Image {
    /// The images laid out left to right, top to bottom in `columns` columns on a black sheet
    /// with `spacing` pixels between cells (each cell as large as the largest image); grey
    /// images are converted to RGB. For showing a batch as one picture.
    public static func grid(_ images: [Image], columns: Int, spacing: Int = 2) -> Image {
        guard !images.isEmpty else { return Image(width: 0, height: 0) }
        let columns = max(1, min(columns, images.count))
        let rows = (images.count + columns - 1) / columns
        let gap = max(0, spacing)
        let cellWidth = images.map(\.width).max() ?? 0
        let cellHeight = images.map(\.height).max() ?? 0
        var sheet = Image(
            width: columns * cellWidth + (columns - 1) * gap, height: rows * cellHeight + (rows - 1) * gap)
        for (index, image) in images.enumerated() {
            let rgb = image.rgb()
            let left = (index % columns) * (cellWidth + gap)
            let top = (index / columns) * (cellHeight + gap)
            for y in 0..<rgb.height {
                let source = y * rgb.width * 3
                let target = ((top + y) * sheet.width + left) * 3
                sheet.pixels.replaceSubrange(
                    target..<target + rgb.width * 3, with: rgb.pixels[source..<source + rgb.width * 3])
            }
        }
        return sheet
    }
}

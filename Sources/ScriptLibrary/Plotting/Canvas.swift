import Datasets

/// An RGB raster for charts and pictures: lines, rectangles and text from `BitmapFont`.
struct Canvas {
    typealias Color = (UInt8, UInt8, UInt8)
    let width: Int
    let height: Int
    private(set) var pixels: [UInt8]

    init(width: Int, height: Int, background: Color = (255, 255, 255)) {
        self.width = max(width, 1)
        self.height = max(height, 1)
        pixels = [UInt8](repeating: 0, count: self.width * self.height * 3)
        fill(x: 0, y: 0, width: self.width, height: self.height, color: background)
    }

    mutating func set(_ x: Int, _ y: Int, _ color: Color) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let i = (y * width + x) * 3
        pixels[i] = color.0
        pixels[i + 1] = color.1
        pixels[i + 2] = color.2
    }

    mutating func fill(x: Int, y: Int, width w: Int, height h: Int, color: Color) {
        for yy in max(0, y)..<min(height, y + h) {
            for xx in max(0, x)..<min(width, x + w) { set(xx, yy, color) }
        }
    }

    /// A frame `thickness` pixels wide inside the rectangle.
    mutating func frame(x: Int, y: Int, width w: Int, height h: Int, color: Color, thickness: Int = 1) {
        fill(x: x, y: y, width: w, height: thickness, color: color)
        fill(x: x, y: y + h - thickness, width: w, height: thickness, color: color)
        fill(x: x, y: y, width: thickness, height: h, color: color)
        fill(x: x + w - thickness, y: y, width: thickness, height: h, color: color)
    }

    /// A straight line (Bresenham), `thickness` pixels wide.
    mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, color: Color, thickness: Int = 1) {
        var x = x0
        var y = y0
        let dx = abs(x1 - x0)
        let dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1
        let sy = y0 < y1 ? 1 : -1
        var error = dx + dy
        while true {
            fill(x: x - thickness / 2, y: y - thickness / 2, width: thickness, height: thickness, color: color)
            if x == x1 && y == y1 { break }
            let e2 = 2 * error
            if e2 >= dy {
                error += dy
                x += sx
            }
            if e2 <= dx {
                error += dx
                y += sy
            }
        }
    }

    /// A filled disc centred at (`x`, `y`) with a darker rim, for scatter points.
    mutating func disc(x: Int, y: Int, radius: Int, color: Color) {
        let rim: Color = (UInt8(Int(color.0) * 3 / 5), UInt8(Int(color.1) * 3 / 5), UInt8(Int(color.2) * 3 / 5))
        for dy in -radius...radius {
            for dx in -radius...radius where dx * dx + dy * dy <= radius * radius + radius {
                let edge = dx * dx + dy * dy > (radius - 1) * (radius - 1) + radius - 1
                set(x + dx, y + dy, edge ? rim : color)
            }
        }
    }

    /// Text with its top-left corner at (`x`, `y`), each font pixel drawn `scale`×`scale`.
    mutating func text(_ string: String, x: Int, y: Int, color: Color = (0, 0, 0), scale: Int = 1) {
        for (n, character) in string.enumerated() {
            let left = x + n * BitmapFont.width * scale
            for gy in 0..<BitmapFont.height {
                for gx in 0..<BitmapFont.width where BitmapFont.isSet(character, x: gx, y: gy) {
                    fill(x: left + gx * scale, y: y + gy * scale, width: scale, height: scale, color: color)
                }
            }
        }
    }

    /// Pixel width of `string` at `scale`.
    static func textWidth(_ string: String, scale: Int = 1) -> Int { string.count * BitmapFont.width * scale }

    /// Copies an image in with its top-left corner at (`x`, `y`).
    mutating func draw(_ image: Image, x: Int, y: Int) {
        let rgb = image.rgb()
        for yy in 0..<rgb.height {
            for xx in 0..<rgb.width {
                let i = (yy * rgb.width + xx) * 3
                set(x + xx, y + yy, (rgb.pixels[i], rgb.pixels[i + 1], rgb.pixels[i + 2]))
            }
        }
    }

    var image: Image {
        var result = Image(width: width, height: height, channels: 3)
        result.pixels = pixels
        return result
    }
}

/// Distinct colours for chart series and classes (Tableau 10).
enum Palette {
    static let colors: [Canvas.Color] = [
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
        (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    ]

    static func color(_ index: Int) -> Canvas.Color { colors[((index % colors.count) + colors.count) % colors.count] }
}

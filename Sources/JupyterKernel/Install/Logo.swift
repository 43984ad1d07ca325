import Datasets

/// The kernel's logo, drawn rather than stored: a query (a small orange dot) matched against a
/// gallery (a white ring) on the dark blue of the shell's charts.
enum Logo {
    /// A `size`×`size` PNG.
    static func png(size: Int) throws -> [UInt8] {
        var image = Image(width: size, height: size, channels: 3)
        let s = Double(size)
        for y in 0..<size {
            for x in 0..<size {
                let dx = Double(x) + 0.5 - s / 2
                let dy = Double(y) + 0.5 - s / 2
                let radius = (dx * dx + dy * dy).squareRoot() / s
                let qx = Double(x) + 0.5 - s * 0.68
                let qy = Double(y) + 0.5 - s * 0.32
                let query = (qx * qx + qy * qy).squareRoot() / s
                let color: (UInt8, UInt8, UInt8)
                if query < 0.12 {
                    color = (240, 140, 40)
                } else if radius > 0.26 && radius < 0.36 {
                    color = (245, 245, 245)
                } else {
                    color = (28, 58, 94)
                }
                let offset = (y * size + x) * 3
                image.pixels[offset] = color.0
                image.pixels[offset + 1] = color.1
                image.pixels[offset + 2] = color.2
            }
        }
        return try ImageCodec.encodePNG(image)
    }
}

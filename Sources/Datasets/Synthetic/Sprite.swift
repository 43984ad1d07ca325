import Foundation

/// One textured shape placed on a synthetic canvas.
struct Sprite {
    /// Shapes the classes are built from.
    static let shapeNames = ["disk", "square", "triangle", "star", "cross", "ring", "crescent", "bar"]
    /// Textures the classes are built from.
    static let textureNames = ["solid", "stripes", "checker", "dots", "rings", "gradient"]

    var shape: Int
    var texture: Int
    var color: (Float, Float, Float)
    var centerX: Double
    var centerY: Double
    var radius: Double
    var angle: Double
    var frequency: Double

    /// Whether the shape covers the local point (u, v) in [-1, 1]².
    static func covers(shape: Int, _ u: Double, _ v: Double) -> Bool {
        let r = (u * u + v * v).squareRoot()
        switch shape {
        case 0: return r < 0.95
        case 1: return max(abs(u), abs(v)) < 0.8
        case 2:
            // Equilateral triangle: three half-planes through the inscribed circle of radius 0.45.
            let n: [(Double, Double)] = [(0, -1), (0.866, 0.5), (-0.866, 0.5)]
            return n.allSatisfy { u * $0.0 + v * $0.1 < 0.45 }
        case 3: return r < 0.55 + 0.4 * cos(5 * atan2(v, u))
        case 4: return (abs(u) < 0.3 && abs(v) < 0.95) || (abs(v) < 0.3 && abs(u) < 0.95)
        case 5: return r > 0.55 && r < 0.95
        case 6: return r < 0.95 && ((u - 0.45) * (u - 0.45) + v * v).squareRoot() > 0.7
        default: return (u / 0.95) * (u / 0.95) + (v / 0.4) * (v / 0.4) < 1
        }
    }

    /// Texture brightness in [0.3, 1] at the local point (u, v).
    static func shade(texture: Int, _ u: Double, _ v: Double, frequency f: Double) -> Float {
        let dark: Float = 0.3
        switch texture {
        case 0: return 1
        case 1: return sin(u * f * .pi) > 0 ? 1 : dark
        case 2: return (Int(floor(u * f)) + Int(floor(v * f))) & 1 == 0 ? 1 : dark
        case 3:
            let du = u * f - (u * f).rounded()
            let dv = v * f - (v * f).rounded()
            return du * du + dv * dv < 0.09 ? dark : 1
        case 4: return sin((u * u + v * v).squareRoot() * f * 1.6 * .pi) > 0 ? 1 : dark
        default: return dark + (1 - dark) * Float((u + 1) / 2)
        }
    }

    /// Paints the sprite into an RGB float canvas of `size` × `size`.
    func draw(into canvas: inout [Float], size: Int) {
        let c = cos(angle)
        let s = sin(angle)
        let x0 = max(0, Int(centerX - radius))
        let x1 = min(size - 1, Int(centerX + radius) + 1)
        let y0 = max(0, Int(centerY - radius))
        let y1 = min(size - 1, Int(centerY + radius) + 1)
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            for x in x0...x1 {
                let dx = Double(x) + 0.5 - centerX
                let dy = Double(y) + 0.5 - centerY
                let u = (dx * c + dy * s) / radius
                let v = (-dx * s + dy * c) / radius
                guard Sprite.covers(shape: shape, u, v) else { continue }
                let t = Sprite.shade(texture: texture, u, v, frequency: frequency)
                let p = (y * size + x) * 3
                canvas[p] = color.0 * t
                canvas[p + 1] = color.1 * t
                canvas[p + 2] = color.2 * t
            }
        }
    }

    /// RGB in [0, 1] of a hue in [0, 1) with saturation and value.
    static func rgb(hue: Double, saturation: Double, value: Double) -> (Float, Float, Float) {
        let h = (hue - floor(hue)) * 6
        let i = Int(h) % 6
        let f = h - floor(h)
        let p = value * (1 - saturation)
        let q = value * (1 - saturation * f)
        let t = value * (1 - saturation * (1 - f))
        let (r, g, b): (Double, Double, Double)
        switch i {
        case 0: (r, g, b) = (value, t, p)
        case 1: (r, g, b) = (q, value, p)
        case 2: (r, g, b) = (p, value, t)
        case 3: (r, g, b) = (p, q, value)
        case 4: (r, g, b) = (t, p, value)
        default: (r, g, b) = (value, p, q)
        }
        return (Float(r), Float(g), Float(b))
    }
}

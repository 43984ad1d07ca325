/// Pillow's 8-bit bilinear resize (`Image.resize(size, BILINEAR)`, Pillow's `Resample.c`).
///
/// A separable triangle filter whose support widens with the downscale factor (antialiasing),
/// fixed-point weights with 22 fractional bits, horizontal pass first with its result rounded to
/// 8 bits, then the vertical pass. Bit-exact with Pillow for every size.
public enum Resampler {
    private static let precisionBits = 22

    /// Fixed-point filter taps for one axis: output `i` reads `count[i]` inputs from `first[i]`
    /// with weights `weights[i * taps ..< i * taps + count[i]]`.
    struct Coefficients {
        var first: [Int]
        var count: [Int]
        var weights: [Int32]
        var taps: Int
    }

    /// Resizes `image` to `height` × `width`; an axis whose size does not change is not filtered.
    public static func resize(_ image: Image, height: Int, width: Int) -> Image {
        var current = image
        if width != image.width {
            current = horizontal(current, coefficients(input: image.width, output: width))
        }
        if height != image.height {
            current = vertical(current, coefficients(input: image.height, output: height))
        }
        return current
    }

    static func coefficients(input n: Int, output m: Int) -> Coefficients {
        let scale = Double(n) / Double(m)
        let filterScale = max(scale, 1)
        let support = filterScale
        let taps = Int(support.rounded(.up)) * 2 + 1
        var first = [Int](repeating: 0, count: m)
        var count = [Int](repeating: 0, count: m)
        var weights = [Int32](repeating: 0, count: m * taps)
        var raw = [Double](repeating: 0, count: taps)
        for i in 0..<m {
            let center = (Double(i) + 0.5) * scale
            let low = max(Int(center - support + 0.5), 0)
            let high = min(Int(center + support + 0.5), n)
            let span = min(high - low, taps)
            var total = 0.0
            for j in 0..<span {
                let w = max(0, 1 - abs((Double(j + low) - center + 0.5) / filterScale))
                raw[j] = w
                total += w
            }
            for j in 0..<span {
                let normalised = total != 0 ? raw[j] / total : raw[j]
                let scaled = normalised * Double(1 << precisionBits)
                weights[i * taps + j] = Int32(normalised < 0 ? scaled - 0.5 : scaled + 0.5)
            }
            first[i] = low
            count[i] = span
        }
        return Coefficients(first: first, count: count, weights: weights, taps: taps)
    }

    @inline(__always) private static func clip8(_ value: Int) -> UInt8 {
        if value >= (1 << (precisionBits + 8)) { return 255 }
        if value <= 0 { return 0 }
        return UInt8(truncatingIfNeeded: value >> precisionBits)
    }

    private static func horizontal(_ image: Image, _ k: Coefficients) -> Image {
        let outWidth = k.first.count, channels = image.channels, inWidth = image.width
        var output = Image(width: outWidth, height: image.height, channels: channels)
        image.pixels.withUnsafeBufferPointer { src in
            output.pixels.withUnsafeMutableBufferPointer { dst in
                k.weights.withUnsafeBufferPointer { w in
                    for y in 0..<image.height {
                        let row = y * inWidth * channels, outRow = y * outWidth * channels
                        for x in 0..<outWidth {
                            let base = (row + k.first[x] * channels), taps = x * k.taps
                            for c in 0..<channels {
                                var sum = 1 << (precisionBits - 1)
                                for t in 0..<k.count[x] {
                                    sum += Int(src[base + t * channels + c]) * Int(w[taps + t])
                                }
                                dst[outRow + x * channels + c] = clip8(sum)
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    private static func vertical(_ image: Image, _ k: Coefficients) -> Image {
        let outHeight = k.first.count, rowLength = image.width * image.channels
        var output = Image(width: image.width, height: outHeight, channels: image.channels)
        image.pixels.withUnsafeBufferPointer { src in
            output.pixels.withUnsafeMutableBufferPointer { dst in
                k.weights.withUnsafeBufferPointer { w in
                    var sums = [Int](repeating: 0, count: rowLength)
                    for y in 0..<outHeight {
                        for i in 0..<rowLength { sums[i] = 1 << (precisionBits - 1) }
                        for t in 0..<k.count[y] {
                            let weight = Int(w[y * k.taps + t]), row = (k.first[y] + t) * rowLength
                            for i in 0..<rowLength { sums[i] += Int(src[row + i]) * weight }
                        }
                        let outRow = y * rowLength
                        for i in 0..<rowLength { dst[outRow + i] = clip8(sums[i]) }
                    }
                }
            }
        }
        return output
    }
}

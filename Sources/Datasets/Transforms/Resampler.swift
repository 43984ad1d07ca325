import CCodecGuard

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
        var first: [Int32]
        var count: [Int32]
        var weights: [Int32]
        var taps: Int
    }

    /// Resizes `image` to `height` × `width`; an axis whose size does not change is not filtered.
    ///
    /// Both passes run in the C kernel `airs_resample_rows` (AVX2 where available); the
    /// horizontal pass filters the transposed image, which gives the same integer sums.
    public static func resize(_ image: Image, height: Int, width: Int) -> Image {
        guard height > 0, width > 0, image.width > 0, image.height > 0 else {
            return Image(width: width, height: height, channels: image.channels)
        }
        var current = image
        if width != image.width {
            current = transposed(filterRows(transposed(current), coefficients(input: image.width, output: width)))
        }
        if height != image.height {
            current = filterRows(current, coefficients(input: image.height, output: height))
        }
        return current
    }

    /// The Swift twin of `resize`: the same arithmetic written directly, used to check the kernel.
    static func referenceResize(_ image: Image, height: Int, width: Int) -> Image {
        guard height > 0, width > 0, image.width > 0, image.height > 0 else {
            return Image(width: width, height: height, channels: image.channels)
        }
        var current = image
        if width != image.width {
            current = horizontal(current, coefficients(input: image.width, output: width))
        }
        if height != image.height {
            current = vertical(current, coefficients(input: image.height, output: height))
        }
        return current
    }

    private static func filterRows(_ image: Image, _ k: Coefficients) -> Image {
        let rowLength = image.width * image.channels
        let outRows = k.first.count
        var output = Image(width: image.width, height: outRows, channels: image.channels)
        var scratch = [Int32](repeating: 0, count: rowLength)
        image.pixels.withUnsafeBufferPointer { source in
            output.pixels.withUnsafeMutableBufferPointer { target in
                airs_resample_rows(
                    source.baseAddress, Int32(rowLength), target.baseAddress, Int32(outRows),
                    k.first, k.count, k.weights, Int32(k.taps), &scratch)
            }
        }
        return output
    }

    /// Rows become columns; channels stay interleaved.
    static func transposed(_ image: Image) -> Image {
        var output = Image(width: image.height, height: image.width, channels: image.channels)
        image.pixels.withUnsafeBufferPointer { source in
            output.pixels.withUnsafeMutableBufferPointer { target in
                airs_transpose_pixels(
                    source.baseAddress, Int32(image.width), Int32(image.height),
                    Int32(image.channels), target.baseAddress)
            }
        }
        return output
    }

    static func coefficients(input n: Int, output m: Int) -> Coefficients {
        let scale = Double(n) / Double(m)
        let filterScale = max(scale, 1)
        let support = filterScale
        let taps = Int(support.rounded(.up)) * 2 + 1
        var first = [Int32](repeating: 0, count: m)
        var count = [Int32](repeating: 0, count: m)
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
            first[i] = Int32(low)
            count[i] = Int32(span)
        }
        return Coefficients(first: first, count: count, weights: weights, taps: taps)
    }

    // Sums stay below 2^31: the weights of one output add up to about 2^22 and pixels are < 256.
    @inline(__always) private static func clip8(_ value: Int32) -> UInt8 {
        if value >= Int32(1 << (precisionBits + 8)) { return 255 }
        if value <= 0 { return 0 }
        return UInt8(truncatingIfNeeded: value >> Int32(precisionBits))
    }

    private static func horizontal(_ image: Image, _ k: Coefficients) -> Image {
        let outWidth = k.first.count
        let channels = image.channels
        let inRow = image.width * channels
        var output = Image(width: outWidth, height: image.height, channels: channels)
        let half = Int32(1 << (precisionBits - 1))
        image.pixels.withUnsafeBufferPointer { source in
            output.pixels.withUnsafeMutableBufferPointer { target in
                k.weights.withUnsafeBufferPointer { weights in
                    k.first.withUnsafeBufferPointer { first in
                        k.count.withUnsafeBufferPointer { count in
                            guard let src = source.baseAddress, let dst = target.baseAddress,
                                let w = weights.baseAddress
                            else { return }
                            for y in 0..<image.height {
                                let row = src + y * inRow
                                var out = dst + y * outWidth * channels
                                for x in 0..<outWidth {
                                    let taps = w + x * k.taps
                                    let n = Int(count[x])
                                    let base = row + Int(first[x]) * channels
                                    if channels == 3 {
                                        var r = half
                                        var g = half
                                        var b = half
                                        for t in 0..<n {
                                            let weight = taps[t]
                                            let p = base + 3 * t
                                            r &+= Int32(p[0]) &* weight
                                            g &+= Int32(p[1]) &* weight
                                            b &+= Int32(p[2]) &* weight
                                        }
                                        out[0] = clip8(r)
                                        out[1] = clip8(g)
                                        out[2] = clip8(b)
                                    } else {
                                        for c in 0..<channels {
                                            var sum = half
                                            for t in 0..<n { sum &+= Int32(base[t * channels + c]) &* taps[t] }
                                            out[c] = clip8(sum)
                                        }
                                    }
                                    out += channels
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    private static func vertical(_ image: Image, _ k: Coefficients) -> Image {
        let outHeight = k.first.count
        let rowLength = image.width * image.channels
        var output = Image(width: image.width, height: outHeight, channels: image.channels)
        var sums = [Int32](repeating: 0, count: rowLength)
        let half = Int32(1 << (precisionBits - 1))
        image.pixels.withUnsafeBufferPointer { source in
            output.pixels.withUnsafeMutableBufferPointer { target in
                sums.withUnsafeMutableBufferPointer { accumulator in
                    guard let src = source.baseAddress, let dst = target.baseAddress, let acc = accumulator.baseAddress
                    else { return }
                    for y in 0..<outHeight {
                        for i in 0..<rowLength { acc[i] = half }
                        for t in 0..<Int(k.count[y]) {
                            let weight = k.weights[y * k.taps + t]
                            let row = src + (Int(k.first[y]) + t) * rowLength
                            for i in 0..<rowLength { acc[i] &+= Int32(row[i]) &* weight }
                        }
                        let out = dst + y * rowLength
                        for i in 0..<rowLength { out[i] = clip8(acc[i]) }
                    }
                }
            }
        }
        return output
    }
}

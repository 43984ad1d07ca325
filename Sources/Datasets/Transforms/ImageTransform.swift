import TensorEngine

/// One of upstream's image pipelines (`spec/data.md` §2), fused into a single pass.
///
/// Train: resize (Pillow bilinear) → horizontal flip with `flipProbability` → pad `padding`
/// with black → random crop back to (height, width) → to tensor → normalise → random erasing.
/// Test: resize → to tensor → normalise. Random draws happen in that order: flip, crop top,
/// crop left, erasing.
public struct ImageTransform: Sendable, Equatable {
    /// Output height.
    public var height: Int
    /// Output width.
    public var width: Int
    /// Black border added before the random crop (0: no crop).
    public var padding: Int
    /// Probability of a horizontal flip.
    public var flipProbability: Double
    /// Random erasing after normalisation, if any.
    public var erasing: RandomErasing?
    /// ToTensor + Normalize constants.
    public var normalization: Normalization

    /// A pipeline with every step given explicitly.
    public init(
        height: Int, width: Int, padding: Int = 0, flipProbability: Double = 0,
        erasing: RandomErasing? = nil, normalization: Normalization = .imageNet
    ) {
        self.height = height
        self.width = width
        self.padding = padding
        self.flipProbability = flipProbability
        self.erasing = erasing
        self.normalization = normalization
    }

    /// Upstream's train pipeline: flip 0.5, pad-and-crop, random erasing with `erasingProbability`
    /// (`INPUT.RE_PROB`; 0 disables it).
    public static func train(
        height: Int, width: Int, padding: Int, erasingProbability: Double = 0,
        flipProbability: Double = 0.5
    ) -> ImageTransform {
        ImageTransform(
            height: height, width: width, padding: padding, flipProbability: flipProbability,
            erasing: erasingProbability > 0 ? RandomErasing(probability: erasingProbability) : nil)
    }

    /// Upstream's test pipeline: resize and normalise only.
    public static func test(height: Int, width: Int) -> ImageTransform {
        ImageTransform(height: height, width: width)
    }

    /// Throws unless the sizes are positive and the padding is not negative.
    public func validate() throws {
        guard height > 0, width > 0, padding >= 0 else {
            throw DatasetError.invalidSettings(
                message:
                    "an image pipeline needs a positive size and a non-negative padding; got \(height)x\(width), padding \(padding)"
            )
        }
    }

    /// Number of floats one output occupies: `3 * height * width`.
    public var elementCount: Int { 3 * height * width }

    /// The `[3, height, width]` tensor of `image` after the pipeline.
    public func apply(_ image: Image, using rng: inout RandomGenerator) -> Tensor {
        let resized = image.rgb().resized(height: height, width: width)
        return Tensor.makeFloats([3, height, width]) { out in
            applyResized(resized, table: normalization.lookupTable(), using: &rng, into: out)
        }
    }

    /// Writes the pipeline's output for an already resized RGB image (`height` × `width`) into
    /// `out` (`elementCount` floats, CHW) using a lookup `table` from `normalization`.
    func applyResized(
        _ resized: Image, table: [Float], using rng: inout RandomGenerator,
        into out: UnsafeMutableBufferPointer<Float>
    ) {
        let flip = flipProbability > 0 && rng.nextUniform() < flipProbability
        var top = 0
        var left = 0
        if padding > 0 {
            top = rng.integer(in: 0...(2 * padding))
            left = rng.integer(in: 0...(2 * padding))
        }
        let plane = height * width
        let fill = (table[0], table[256], table[512])
        resized.pixels.withUnsafeBufferPointer { source in
            table.withUnsafeBufferPointer { lut in
                guard let src = source.baseAddress, let lut = lut.baseAddress, let out = out.baseAddress else { return }
                let red = out
                let green = out + plane
                let blue = out + 2 * plane
                // Output column x reads padded column x + left, i.e. source column x + left - padding;
                // columns [inside.lowerBound, inside.upperBound) fall inside the image.
                let firstInside = max(0, padding - left)
                let endInside = min(width, width + padding - left)
                for y in 0..<height {
                    let row = y * width
                    let sourceY = y + top - padding
                    guard sourceY >= 0 && sourceY < height && firstInside < endInside else {
                        for x in 0..<width {
                            red[row + x] = fill.0
                            green[row + x] = fill.1
                            blue[row + x] = fill.2
                        }
                        continue
                    }
                    for x in 0..<firstInside {
                        red[row + x] = fill.0
                        green[row + x] = fill.1
                        blue[row + x] = fill.2
                    }
                    for x in endInside..<width {
                        red[row + x] = fill.0
                        green[row + x] = fill.1
                        blue[row + x] = fill.2
                    }
                    let sourceRow = src + sourceY * width * 3
                    let shift = left - padding
                    if flip {
                        for x in firstInside..<endInside {
                            let p = sourceRow + (width - 1 - (x + shift)) * 3
                            red[row + x] = lut[Int(p[0])]
                            green[row + x] = lut[256 + Int(p[1])]
                            blue[row + x] = lut[512 + Int(p[2])]
                        }
                    } else {
                        for x in firstInside..<endInside {
                            let p = sourceRow + (x + shift) * 3
                            red[row + x] = lut[Int(p[0])]
                            green[row + x] = lut[256 + Int(p[1])]
                            blue[row + x] = lut[512 + Int(p[2])]
                        }
                    }
                }
            }
        }
        erasing?.apply(to: out, channels: 3, height: height, width: width, using: &rng)
    }
}

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
    public init(height: Int, width: Int, padding: Int = 0, flipProbability: Double = 0,
                erasing: RandomErasing? = nil, normalization: Normalization = .imageNet) {
        self.height = height
        self.width = width
        self.padding = padding
        self.flipProbability = flipProbability
        self.erasing = erasing
        self.normalization = normalization
    }

    /// Upstream's train pipeline: flip 0.5, pad-and-crop, random erasing with `erasingProbability`
    /// (`INPUT.RE_PROB`; 0 disables it).
    public static func train(height: Int, width: Int, padding: Int, erasingProbability: Double = 0,
                             flipProbability: Double = 0.5) -> ImageTransform {
        ImageTransform(height: height, width: width, padding: padding, flipProbability: flipProbability,
                       erasing: erasingProbability > 0 ? RandomErasing(probability: erasingProbability) : nil)
    }

    /// Upstream's test pipeline: resize and normalise only.
    public static func test(height: Int, width: Int) -> ImageTransform {
        ImageTransform(height: height, width: width)
    }

    /// Number of floats one output occupies: `3 * height * width`.
    public var elementCount: Int { 3 * height * width }

    /// The `[3, height, width]` tensor of `image` after the pipeline.
    public func apply(_ image: Image, using rng: inout SeededGenerator) -> Tensor {
        let resized = image.rgb().resized(height: height, width: width)
        return Tensor.makeFloats([3, height, width]) { out in
            applyResized(resized, table: normalization.lookupTable(), using: &rng, into: out)
        }
    }

    /// Writes the pipeline's output for an already resized RGB image (`height` × `width`) into
    /// `out` (`elementCount` floats, CHW) using a lookup `table` from `normalization`.
    func applyResized(_ resized: Image, table: [Float], using rng: inout SeededGenerator,
                      into out: UnsafeMutableBufferPointer<Float>) {
        let flip = flipProbability > 0 && rng.uniform() < flipProbability
        var top = 0, left = 0
        if padding > 0 {
            top = rng.integer(in: 0...(2 * padding))
            left = rng.integer(in: 0...(2 * padding))
        }
        let plane = height * width
        resized.pixels.withUnsafeBufferPointer { src in
            table.withUnsafeBufferPointer { lut in
                for y in 0..<height {
                    let sourceY = y + top - padding
                    let rowInside = sourceY >= 0 && sourceY < height
                    for x in 0..<width {
                        var sourceX = x + left - padding
                        let index = y * width + x
                        if rowInside && sourceX >= 0 && sourceX < width {
                            if flip { sourceX = width - 1 - sourceX }
                            let p = (sourceY * width + sourceX) * 3
                            out[index] = lut[Int(src[p])]
                            out[plane + index] = lut[256 + Int(src[p + 1])]
                            out[2 * plane + index] = lut[512 + Int(src[p + 2])]
                        } else {
                            out[index] = lut[0]
                            out[plane + index] = lut[256]
                            out[2 * plane + index] = lut[512]
                        }
                    }
                }
            }
        }
        erasing?.apply(to: out, channels: 3, height: height, width: width, using: &rng)
    }
}

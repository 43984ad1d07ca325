import TensorEngine

/// torchvision's `ToTensor` followed by `Normalize(mean, std)`: `(float32(u) / 255 − mean_c) / std_c`
/// in float32, HWC bytes to a CHW tensor.
public struct Normalization: Sendable, Equatable {
    /// Per-channel mean subtracted after scaling to [0, 1].
    public var mean: [Float]
    /// Per-channel standard deviation divided by.
    public var std: [Float]

    /// ImageNet statistics used by every upstream pipeline.
    public static let imageNet = Normalization(mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])
    /// No normalisation: plain `ToTensor` (values in [0, 1]).
    public static let identity = Normalization(mean: [0, 0, 0], std: [1, 1, 1])

    /// Statistics for three channels.
    public init(mean: [Float], std: [Float]) {
        self.mean = mean
        self.std = std
    }

    /// The normalised value of every byte for every channel, `table[c * 256 + u]`; identical to
    /// computing `(Float(u) / 255 - mean) / std` per pixel.
    public func lookupTable() -> [Float] {
        var table = [Float](repeating: 0, count: 3 * 256)
        for c in 0..<3 {
            for u in 0..<256 { table[c * 256 + u] = (Float(u) / 255 - mean[c]) / std[c] }
        }
        return table
    }

    /// The `[3, height, width]` normalised tensor of an RGB image.
    public func tensor(_ image: Image) -> Tensor {
        let table = lookupTable()
        let source = image.rgb()
        return Tensor.makeFloats([3, source.height, source.width]) { out in
            let plane = source.height * source.width
            for i in 0..<plane {
                for c in 0..<3 { out[c * plane + i] = table[c * 256 + Int(source.pixels[i * 3 + c])] }
            }
        }
    }
}

import TensorEngine

extension Image {
    /// The RGB picture of a `[3, height, width]` tensor (or `[1, 3, height, width]`), undoing
    /// `normalization`, clamping to [0, 1] and rounding to bytes; for showing what a pipeline made.
    public init(tensor: Tensor, normalization: Normalization = .identity) throws {
        let shape = tensor.shape.count == 4 && tensor.shape[0] == 1 ? Array(tensor.shape.dropFirst()) : tensor.shape
        guard shape.count == 3, shape[0] == 3 else {
            throw DatasetError.invalidSettings(
                message: "an image tensor has shape [3, height, width]; got \(tensor.shape)")
        }
        let height = shape[1]
        let width = shape[2]
        let plane = height * width
        let values = tensor.contiguous().cast(to: .float32).scalars
        var pixels = [UInt8](repeating: 0, count: plane * 3)
        for c in 0..<3 {
            for i in 0..<plane {
                let v = values[c * plane + i] * normalization.std[c] + normalization.mean[c]
                pixels[i * 3 + c] = UInt8((min(max(v, 0), 1) * 255).rounded())
            }
        }
        try self.init(width: width, height: height, channels: 3, pixels: pixels)
    }
}

import TensorEngine

/// Max or average pooling over square windows of `[batch, channels, height, width]` (floor
/// mode, as PyTorch). Max pooling pads with −∞; average pooling pads with zeros that count
/// towards the divisor (`count_include_pad = True`). The ResNet stem uses max 2×2/s2
/// (upstream) or 3×3/s2/p1 (IBN-a).
public final class Pool2d: ShapeTracing {
    /// Which statistic each window gives.
    public enum Kind: Sendable { case max, average }
    /// Training or evaluation mode (see `Module.isTraining`).
    public var isTraining = true
    /// Max or average.
    public let kind: Kind
    /// Window side, step and padding, in pixels.
    public let kernelSize: Int, stride: Int, padding: Int

    /// Pooling over `kernelSize` windows; `stride` defaults to the kernel size.
    public init(_ kind: Kind, kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.kind = kind
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }

    /// `input` `[batch, channels, height, width]` → `[batch, channels, outHeight, outWidth]`.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var tally = ComplexityTally()
        _ = try trace(input.shape, &tally)
        switch kind {
        case .max: return try input.maxPool2d(kernelSize: kernelSize, stride: stride, padding: padding)
        case .average: return try input.avgPool2d(kernelSize: kernelSize, stride: stride, padding: padding)
        }
    }

    /// The output shape for `input` `[batch, channels, height, width]`, adding its MACs
    /// to `tally`.
    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        try tracePooling(input, kernel: kernelSize, stride: stride, padding: padding, &tally)
    }
}

import TensorEngine

/// Max pooling over square windows of `[batch, channels, height, width]` (floor mode, padding
/// with −∞ as PyTorch does). The ResNet stem uses 2×2/s2 (upstream) or 3×3/s2/p1 (IBN-a).
public final class MaxPool2d: ShapeTracing {
    public var isTraining = true
    /// Window side, step and −∞ padding, in pixels.
    public let kernelSize: Int, stride: Int, padding: Int

    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var tally = ComplexityTally()
        _ = try trace(input.shape, &tally)
        return try input.maxPool2d(kernelSize: kernelSize, stride: stride, padding: padding)
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        try tracePooling(input, kernel: kernelSize, stride: stride, padding: padding, &tally)
    }
}

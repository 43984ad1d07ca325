import TensorEngine

/// Average pooling over square windows of `[batch, channels, height, width]` (floor mode;
/// zero padding counts towards the divisor, PyTorch's `count_include_pad = True`).
public final class AvgPool2d: ShapeTracing {
    public var isTraining = true
    /// Window side, step and zero padding, in pixels.
    public let kernelSize: Int, stride: Int, padding: Int

    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var tally = ComplexityTally()
        _ = try trace(input.shape, &tally)
        return try input.avgPool2d(kernelSize: kernelSize, stride: stride, padding: padding)
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        try tracePooling(input, kernel: kernelSize, stride: stride, padding: padding, &tally)
    }
}

import TensorEngine

/// Max pooling over square windows of `[batch, channels, height, width]` (floor mode, padding
/// with −∞ as PyTorch does). The ResNet stem uses 2×2/s2 (upstream) or 3×3/s2/p1 (IBN-a).
public final class MaxPool2d: ShapeTracing {
    public var isTraining = true
    public let kernelSize: Int, stride: Int, padding: Int

    public init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var tally = ComplexityTally()
        let out = try trace(input.shape, &tally)
        let rows = try input.poolingTaps(axis: 2, kernel: kernelSize, stride: stride, padding: padding,
                                         outputSize: out[2], value: -.infinity)
        let rowMax = try rows.dropFirst().reduce(rows[0]) { try Tensor.maximum($0, $1) }
        let columns = try rowMax.poolingTaps(axis: 3, kernel: kernelSize, stride: stride, padding: padding,
                                             outputSize: out[3], value: -.infinity)
        return try columns.dropFirst().reduce(columns[0]) { try Tensor.maximum($0, $1) }
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        try tracePooling(input, kernel: kernelSize, stride: stride, padding: padding, &tally)
    }
}

import TensorEngine

/// Average pooling over square windows of `[batch, channels, height, width]` (floor mode;
/// zero padding counts towards the divisor, PyTorch's `count_include_pad = True`).
public final class AvgPool2d: ShapeTracing {
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
        let rows = try input.poolingTaps(axis: 2, kernel: kernelSize, stride: stride, padding: padding, outputSize: out[2], value: 0)
        let rowSum = try rows.dropFirst().reduce(rows[0]) { try $0 + $1 }
        let columns = try rowSum.poolingTaps(axis: 3, kernel: kernelSize, stride: stride, padding: padding, outputSize: out[3], value: 0)
        return try columns.dropFirst().reduce(columns[0]) { try $0 + $1 } / Double(kernelSize * kernelSize)
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        try tracePooling(input, kernel: kernelSize, stride: stride, padding: padding, &tally)
    }
}

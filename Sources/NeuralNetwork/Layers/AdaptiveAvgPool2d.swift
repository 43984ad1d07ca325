import TensorEngine

/// Adaptive average pooling of `[batch, channels, height, width]` to `outputSize²` cells;
/// cell `i` of a dimension of length `n` averages `⌊i·n/out⌋ ..< ⌈(i+1)·n/out⌉` (PyTorch's bins).
public final class AdaptiveAvgPool2d: ShapeTracing {
    /// Training or evaluation mode (see `Module.isTraining`).
    public var isTraining = true
    /// Output cells per side.
    public let outputSize: Int

    /// Pools to `outputSize × outputSize` cells (1: global average pooling, kept 4-D).
    public init(outputSize: Int = 1) { self.outputSize = outputSize }

    /// `input` `[batch, channels, height, width]` → `[batch, channels, outputSize, outputSize]`.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var tally = ComplexityTally()
        _ = try trace(input.shape, &tally)
        return try input.adaptiveAvgPool2d(height: outputSize, width: outputSize)
    }

    /// The output shape for `input` `[batch, channels, height, width]`, adding its MACs
    /// to `tally`.
    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        guard input.count == 4, input[2] >= 1, input[3] >= 1 else {
            throw tally.badInput(input, expected: "[batch, channels, height ≥ 1, width ≥ 1]")
        }
        // Module hook plus the patched F.adaptive_avg_pool2d it calls: counted twice.
        tally.add(2 * Shape.count(input))
        return [input[0], input[1], outputSize, outputSize]
    }
}

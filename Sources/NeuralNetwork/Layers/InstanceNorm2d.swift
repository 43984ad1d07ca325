import TensorEngine

/// Instance normalisation of `[batch, channels, height, width]`: every sample's channel is
/// normalised by its own mean and biased variance over height and width, in training and
/// evaluation alike (no running statistics), then scaled and shifted per channel (affine).
/// IBN-a uses it on the first half of the channels.
public final class InstanceNorm2d: AffineNormalization {
    /// Training or evaluation mode (see `Module.isTraining`).
    public var isTraining = true
    /// The per-feature `weight` and `bias`, `features` and `epsilon`.
    public let affine: NormalizationParameters

    /// Ones for the scale and zeros for the shift, as PyTorch initialises them.
    public init(features: Int, epsilon: Double = 1e-5) {
        affine = NormalizationParameters(features: features, epsilon: epsilon)
    }

    /// `input.instanceNorm` with this layer's weight, bias and epsilon.
    public func normalized(_ input: Tensor) throws -> Tensor {
        try input.instanceNorm(weight: weight.value, bias: bias.value, epsilon: epsilon)
    }

    /// The input shape unchanged (`[batch, features, height, width]`), adding ptflops' MACs.
    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        guard input.count == 4, input[1] == features else {
            throw tally.badInput(input, expected: "[batch, \(features), height, width]")
        }
        tally.add(2 * Shape.count(input))
        return input
    }
}

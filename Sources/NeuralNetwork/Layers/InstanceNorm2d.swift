import TensorEngine

/// Instance normalisation of `[batch, channels, height, width]`: every sample's channel is
/// normalised by its own mean and biased variance over height and width, in training and
/// evaluation alike (no running statistics), then scaled and shifted per channel (affine).
/// IBN-a uses it on the first half of the channels.
public typealias InstanceNorm2d = AffineNormalization<InstanceNormalization>

/// What `InstanceNorm2d` computes: PyTorch's `InstanceNorm2d(affine: true)`.
public enum InstanceNormalization: NormalizationKind {
    /// `input` `[batch, channels, height, width]` normalised per sample and channel.
    public static func normalize(
        _ input: Tensor, weight: Tensor, bias: Tensor, epsilon: Double
    ) throws -> Tensor {
        try input.instanceNorm(weight: weight, bias: bias, epsilon: epsilon)
    }

    /// `[batch, features, height, width]` unchanged, adding ptflops' MACs.
    public static func trace(
        _ input: [Int], features: Int, _ tally: inout ComplexityTally
    ) throws -> [Int] {
        guard input.count == 4, input[1] == features else {
            throw tally.badInput(input, expected: "[batch, \(features), height, width]")
        }
        tally.add(2 * Shape.count(input))
        return input
    }
}

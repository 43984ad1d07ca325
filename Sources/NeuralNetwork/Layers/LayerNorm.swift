import TensorEngine

/// Layer normalisation over the last axis (`features` wide): mean and biased variance per
/// row, then a per-feature scale and shift, as `torch.nn.LayerNorm(features)`.
public final class LayerNorm: AffineNormalization {
    /// Training or evaluation mode (see `Module.isTraining`).
    public var isTraining = true
    /// The per-feature `weight` and `bias`, `features` and `epsilon`.
    public let affine: NormalizationParameters

    /// Ones for the scale and zeros for the shift, as PyTorch initialises them.
    public init(features: Int, epsilon: Double = 1e-5) {
        affine = NormalizationParameters(features: features, epsilon: epsilon)
    }

    /// `input.layerNorm` with this layer's weight, bias and epsilon.
    public func normalized(_ input: Tensor) throws -> Tensor {
        try input.layerNorm(weight: weight.value, bias: bias.value, epsilon: epsilon)
    }

    /// The input shape unchanged (`[..., features]`), adding ptflops' MACs.
    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        guard input.last == features else { throw tally.badInput(input, expected: "[..., \(features)]") }
        // ptflops' norm hook tests `module.affine`, which LayerNorm lacks: counted once.
        tally.add(Shape.count(input))
        return input
    }
}

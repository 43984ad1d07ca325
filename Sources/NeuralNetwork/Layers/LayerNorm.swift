import TensorEngine

/// Layer normalisation over the last axis (`features` wide): mean and biased variance per
/// row, then a per-feature scale and shift, as `torch.nn.LayerNorm(features)`.
public typealias LayerNorm = AffineNormalization<LayerNormalization>

/// What `LayerNorm` computes: PyTorch's `layer_norm` over the last axis.
public enum LayerNormalization: NormalizationKind {
    /// `input` `[..., features]` normalised row by row.
    public static func normalize(
        _ input: Tensor, weight: Tensor, bias: Tensor, epsilon: Double
    ) throws -> Tensor {
        try input.layerNorm(weight: weight, bias: bias, epsilon: epsilon)
    }

    /// `[..., features]` unchanged, adding ptflops' MACs.
    public static func trace(
        _ input: [Int], features: Int, _ tally: inout ComplexityTally
    ) throws -> [Int] {
        guard input.last == features else {
            throw tally.badInput(input, expected: "[..., \(features)]")
        }
        // ptflops' norm hook tests `module.affine`, which LayerNorm lacks: counted once.
        tally.add(Shape.count(input))
        return input
    }
}

import TensorEngine

/// Layer normalisation over the last axis (`features` wide): mean and biased variance per
/// row, then a per-feature scale and shift, as `torch.nn.LayerNorm(features)`.
public final class LayerNorm: ShapeTracing {
    public var isTraining = true
    /// Per-feature scale `[features]`.
    public let weight: Parameter
    /// Per-feature shift `[features]`.
    public let bias: Parameter
    /// Width of the normalised last axis.
    public let features: Int
    /// Added to the variance before the square root.
    public let epsilon: Double

    public init(features: Int, epsilon: Double = 1e-5) {
        self.features = features
        self.epsilon = epsilon
        weight = Parameter(.ones([features]))
        bias = Parameter(.zeros([features]))
    }

    public var ownParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var tally = ComplexityTally()
        _ = try trace(input.shape, &tally)
        return try input.layerNorm(weight: weight.value, bias: bias.value, epsilon: epsilon)
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        guard input.last == features else { throw tally.badInput(input, expected: "[..., \(features)]") }
        // ptflops' norm hook tests `module.affine`, which LayerNorm lacks: counted once.
        tally.add(Shape.count(input))
        return input
    }
}

import TensorEngine

/// The normalisation an `AffineNormalization` layer applies, and the shapes it takes.
public protocol NormalizationKind {
    /// `input` normalised and then scaled by `weight` and shifted by `bias` (`[features]`).
    static func normalize(
        _ input: Tensor, weight: Tensor, bias: Tensor, epsilon: Double
    ) throws -> Tensor
    /// The output shape for `input`, a layer of `features` features, adding its MACs to `tally`.
    static func trace(
        _ input: [Int], features: Int, _ tally: inout ComplexityTally
    ) throws -> [Int]
}

/// A normalisation layer with no running statistics that ends in a per-feature affine step,
/// `· weight + bias`: `InstanceNorm2d` and `LayerNorm`, which differ only in `Kind`.
public final class AffineNormalization<Kind: NormalizationKind>: ShapeTracing {
    /// Training or evaluation mode (see `Module.isTraining`); both normalise alike.
    public var isTraining = true
    /// Per-feature scale `[features]`, initialised to ones (as PyTorch).
    public let weight: Parameter
    /// Per-feature shift `[features]`, initialised to zeros (as PyTorch).
    public let bias: Parameter
    /// How many features (channels) are scaled and shifted.
    public let features: Int
    /// Added to the variance before the square root.
    public let epsilon: Double

    /// A layer of `features` features whose affine step starts as the identity.
    public init(features: Int, epsilon: Double = 1e-5) {
        self.features = features
        self.epsilon = epsilon
        weight = Parameter(.ones([features]))
        bias = Parameter(.zeros([features]))
    }

    /// `weight` then `bias`, PyTorch's state-dict order.
    public var ownParameters: [(name: String, parameter: Parameter)] {
        [("weight", weight), ("bias", bias)]
    }

    /// `input` normalised by `Kind`, after its shape is checked; the output has its shape.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var tally = ComplexityTally()
        _ = try trace(input.shape, &tally)
        return try Kind.normalize(input, weight: weight.value, bias: bias.value, epsilon: epsilon)
    }

    /// The input shape unchanged, when `Kind` accepts it, adding its MACs to `tally`.
    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        try Kind.trace(input, features: features, &tally)
    }
}

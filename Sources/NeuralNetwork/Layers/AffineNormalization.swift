import TensorEngine

/// A normalisation layer that ends in a per-feature affine step, `· weight + bias`, with no
/// running statistics: what `InstanceNorm2d` and `LayerNorm` share. It supplies their
/// parameters, their parameter list and their forward pass (shape check, then `normalized`).
public protocol AffineNormalization: ShapeTracing {
    /// The scale, shift, width and epsilon.
    var affine: NormalizationParameters { get }
    /// The normalisation with its affine step, on an input that `trace` accepts.
    func normalized(_ input: Tensor) throws -> Tensor
}

/// The learnable per-feature scale and shift of a normalisation layer, with its width and the
/// epsilon it adds to the variance.
public struct NormalizationParameters {
    /// Per-feature scale `[features]`, initialised to ones (as PyTorch).
    public let weight: Parameter
    /// Per-feature shift `[features]`, initialised to zeros.
    public let bias: Parameter
    /// How many features (channels) are scaled and shifted.
    public let features: Int
    /// Added to the variance before the square root.
    public let epsilon: Double

    /// The identity affine step for `features` features.
    public init(features: Int, epsilon: Double) {
        weight = Parameter(.ones([features]))
        bias = Parameter(.zeros([features]))
        self.features = features
        self.epsilon = epsilon
    }
}

extension AffineNormalization {
    /// Per-feature scale `[features]`.
    public var weight: Parameter { affine.weight }
    /// Per-feature shift `[features]`.
    public var bias: Parameter { affine.bias }
    /// How many features (channels) are normalised.
    public var features: Int { affine.features }
    /// Added to the variance before the square root.
    public var epsilon: Double { affine.epsilon }

    /// `weight` then `bias`, PyTorch's state-dict order.
    public var ownParameters: [(name: String, parameter: Parameter)] {
        [("weight", weight), ("bias", bias)]
    }

    /// Checks the input's shape with `trace`, then normalises it.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var tally = ComplexityTally()
        _ = try trace(input.shape, &tally)
        return try normalized(input)
    }
}

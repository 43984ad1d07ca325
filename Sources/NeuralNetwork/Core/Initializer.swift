import TensorEngine

/// Weight initialisers as upstream uses them, each drawing from a seeded generator.
public enum Initializer {
    /// Which fan Kaiming scales by: the inputs (`fanIn`) or the outputs (`fanOut`) of a unit.
    public enum FanMode: Sendable { case fanIn, fanOut }

    /// Kaiming-normal with ReLU gain: `N(0, 2 / fan)`; fan from a PyTorch-layout weight
    /// (`[out, in, kh, kw]` or `[out, in]`).
    case kaimingNormal(FanMode)
    /// `N(0, std²)` (the classifier uses std 0.001).
    case normal(std: Double)
    /// Every element `value` (BatchNorm weight 1, bias 0).
    case constant(Double)

    /// A freshly initialised tensor of `shape`.
    public func make(_ shape: [Int], using generator: inout RandomGenerator) -> Tensor {
        switch self {
        case .kaimingNormal(let mode):
            let receptive = shape.dropFirst(2).reduce(1, *)
            let fan = mode == .fanIn ? (shape.count > 1 ? shape[1] : 1) * receptive : shape[0] * receptive
            return Tensor.randomNormal(shape, std: (2 / Double(max(fan, 1))).squareRoot(), using: &generator)
        case .normal(let std):
            return Tensor.randomNormal(shape, std: std, using: &generator)
        case .constant(let value):
            return Tensor.full(shape, value: value)
        }
    }

    /// Re-initialises a parameter in place.
    public func apply(to parameter: Parameter, using generator: inout RandomGenerator) throws {
        try parameter.assign(make(parameter.value.shape, using: &generator))
    }
}

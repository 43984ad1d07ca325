import TensorEngine

/// Parameter-free elementwise layers, so that they occupy an index in a `Sequential` as in
/// PyTorch (the head's ReLU is `add_block.1`).
public final class Activation: Layer {
    /// The elementwise function, named as the layer's PyTorch counterpart.
    public enum Kind: String, Sendable { case relu, relu6, hardSwish, hardSigmoid, gelu, sigmoid, identity }
    /// Training or evaluation mode (see `Module.isTraining`).
    public var isTraining = true
    /// Which function the layer applies.
    public let kind: Kind

    /// A layer applying `kind`.
    public init(_ kind: Kind) { self.kind = kind }

    /// `kind` applied to each element of `input` (any shape).
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        switch kind {
        case .relu: return input.relu()
        case .relu6: return input.clamped(min: 0, max: 6)
        case .hardSwish: return input.hardSwish()
        case .hardSigmoid: return input.hardSigmoid()
        case .gelu: return input.gelu()
        case .sigmoid: return input.sigmoid()
        case .identity: return input
        }
    }
}

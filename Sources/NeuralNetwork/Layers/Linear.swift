import TensorEngine

/// `y = x · Wᵀ + b` with PyTorch's layout: `weight` is `[outFeatures, inFeatures]`.
public final class Linear: Layer {
    /// Training or evaluation mode (see `Module.isTraining`).
    public var isTraining = true
    /// `[outFeatures, inFeatures]`.
    public let weight: Parameter
    /// `[outFeatures]`, when the layer has a bias.
    public let bias: Parameter?

    /// A layer with PyTorch's default initialisation (Kaiming-uniform, a = √5, and the
    /// matching uniform bias), drawn from `generator`; with `initialize: false` the weights stay
    /// zero and nothing is drawn (for weights loaded right after construction).
    public init(
        inFeatures: Int, outFeatures: Int, bias: Bool = true, initialize: Bool = true, generator: inout RandomGenerator
    ) {
        let bound = 1 / Double(max(inFeatures, 1)).squareRoot()
        func draw(_ shape: [Int]) -> Tensor {
            initialize ? Tensor.randomUniform(shape, lower: -bound, upper: bound, using: &generator) : .zeros(shape)
        }
        weight = Parameter(draw([outFeatures, inFeatures]))
        self.bias = bias ? Parameter(draw([outFeatures])) : nil
    }

    /// `weight`, then `bias` when there is one.
    public var ownParameters: [(name: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    /// `input`: `[..., inFeatures]` → `[..., outFeatures]`; in bf16 under
    /// `Tensor.withInferencePrecision(.bf16)` when no gradient is recorded, as `Tensor.linear`
    /// (one op, weight gradients summed in Double) under `Tensor.withSplitInvariantGradients`.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        guard input.shape.last == weight.value.shape[1] else {
            throw TensorError.shapeMismatch(
                op: "Linear(\(weight.value.shape[1]) → \(weight.value.shape[0]))",
                lhs: input.shape, rhs: weight.value.shape,
                hint: "the input's last dimension must be \(weight.value.shape[1])")
        }
        if InferencePrecision.current == .bf16, let y = try input.bf16Linear(weight: weight.value, bias: bias?.value) {
            return y
        }
        if SplitInvariantGradients.enabled {
            return try input.linear(weight: weight.value, bias: bias?.value)
        }
        let product = try input.matmul(weight.value.transposed())
        return try bias.map { try product + $0.value } ?? product
    }
}

import TensorEngine

/// A scalar equal to `value` whose gradient with respect to `input` is `gradient` (row-major,
/// `input`'s shape), so that autograd continues from `input` into the network.
///
/// RKD's angle term and ROP's order term are computed in one fused pass over `[B, B, B]` /
/// `[B, K, K]` index triples that never become tensors; they return through this. `gradient`
/// is only read when `input` takes one (pass `nil` when it was not computed).
func scalar(_ value: Double, withGradient gradient: [Double]?, of input: Tensor) throws -> Tensor {
    let constant = try Tensor(shape: [], doubles: [value]).cast(to: input.dtype)
    guard let gradient, takesGradient(input) else { return constant }
    let linear = try (input * Tensor(shape: input.shape, doubles: gradient).cast(to: input.dtype)).sum()
    // `linear − linear` is exactly zero, so the value is `value` to the bit and the gradient
    // with respect to `input` is `gradient`.
    return try linear - linear.detached() + constant
}

/// Whether a gradient will flow to `input` from a loss built on it now.
func takesGradient(_ input: Tensor) -> Bool { GradMode.enabled && input.requiresGradient }

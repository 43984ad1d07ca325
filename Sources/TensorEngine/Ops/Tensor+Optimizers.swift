/// Fused parameter updates for the optimizers: one pass over weight, gradient and state
/// instead of a tensor op (and a fresh tensor) per term of the formula.
extension Tensor {
    /// One SGD step with momentum and coupled weight decay, as PyTorch's `torch.optim.SGD`:
    /// `d = ∇ + wd·w;  v ← μ·v + (1 − dampening)·d  (v = d when `velocity` is nil);
    /// w ← w − lr·(nesterov ? d + μ·v : v)`. With `momentum == 0` no velocity is kept.
    ///
    /// Returns the new weight (fresh storage: the old one may still be read by a graph).
    /// `velocity` is updated in place when no other tensor shares its storage, else replaced.
    public static func sgdStep(
        weight: Tensor, gradient: Tensor, velocity: inout Tensor?,
        learningRate: Double, momentum: Double, dampening: Double = 0, weightDecay: Double = 0, nesterov: Bool = false
    ) throws -> Tensor {
        guard gradient.shape == weight.shape else {
            throw TensorError.shapeMismatch(
                op: "sgdStep", lhs: weight.shape, rhs: gradient.shape, hint: "the gradient must have the weight's shape"
            )
        }
        guard gradient.dtype == weight.dtype else {
            throw TensorError.dtypeMismatch(op: "sgdStep", lhs: weight.dtype, rhs: gradient.dtype)
        }
        if let v = velocity {
            guard v.shape == weight.shape else {
                throw TensorError.shapeMismatch(
                    op: "sgdStep", lhs: weight.shape, rhs: v.shape,
                    hint: "the momentum buffer must have the weight's shape")
            }
            guard v.dtype == weight.dtype else {
                throw TensorError.dtypeMismatch(op: "sgdStep", lhs: weight.dtype, rhs: v.dtype)
            }
        }
        let w = weight.detached().contiguous()
        let g = gradient.detached().contiguous()
        let hasMomentum = momentum != 0
        let firstStep = velocity == nil
        var state: Tensor? = nil
        if hasMomentum {
            if var v = velocity, v.isContiguous, v.node == nil {
                velocity = nil
                if !isKnownUniquelyReferenced(&v.storage) { v = v.copied() }
                state = v
            } else {
                state = velocity?.detached().contiguous().copied() ?? Tensor.empty(weight.shape, dtype: weight.dtype)
            }
        }
        let result = Tensor.empty(weight.shape, dtype: weight.dtype)
        weight.dtype.dispatch(
            SGDUpdate(
                weight: w, gradient: g, velocity: state, output: result,
                learningRate: learningRate, momentum: momentum, dampening: dampening,
                weightDecay: weightDecay, nesterov: nesterov, firstStep: firstStep))
        if hasMomentum { velocity = state }
        return result
    }

    /// A contiguous copy in fresh storage (even when this tensor is contiguous).
    func copied() -> Tensor {
        let source = detached().contiguous()
        let result = Tensor.empty(shape, dtype: dtype)
        (result.storage.raw).copyMemory(
            from: source.storage.raw + source.offset * dtype.byteCount, byteCount: count * dtype.byteCount)
        return result
    }
}

/// One fused SGD update into `output`, its hyperparameters rounded to the element type.
private struct SGDUpdate: ElementTypeGeneric {
    let weight, gradient: Tensor
    /// The momentum buffer, updated in place; nil without momentum.
    let velocity: Tensor?
    let output: Tensor
    let learningRate, momentum, dampening, weightDecay: Double
    let nesterov, firstStep: Bool

    func callAsFunction<T: TensorScalar>(_: T.Type) {
        let c = SGDCoefficients<T>(
            learningRate: T(learningRate), momentum: T(momentum), gradientShare: T(1 - dampening),
            weightDecay: T(weightDecay), hasMomentum: velocity != nil, nesterov: nesterov,
            firstStep: firstStep)
        withExtendedLifetime((weight, gradient, velocity)) {
            sgdUpdate(
                weight: weight.pointer(T.self), gradient: gradient.pointer(T.self),
                velocity: velocity?.mutablePointer(T.self), output: output.mutablePointer(T.self),
                count: output.count, c)
        }
    }
}

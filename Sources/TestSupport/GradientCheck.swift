import TensorEngine

/// Compares the autograd gradient of `function` with central finite differences, in float64.
///
/// `inputs` are made float64 and differentiable; `function` must return a tensor (any shape),
/// which is reduced with a fixed random projection so that every output element matters.
/// Returns the largest relative error over all inputs; tests expect it below ~1e-6.
public func gradientCheck(
    _ inputs: [Tensor], step: Double = 1e-6, seed: UInt64 = 7,
    _ function: ([Tensor]) throws -> Tensor
) throws -> Double {
    let leaves = inputs.map { $0.cast(to: .float64).contiguous().requiringGradient() }
    var generator = RandomGenerator(seed: seed)
    let probe = try function(leaves)
    let weights = Tensor.randomNormal(probe.shape, dtype: .float64, using: &generator)
    func objective(_ values: [Tensor]) throws -> Double {
        try (function(values) * weights).sum().item()
    }
    try (probe * weights).sum().backward()
    var worst = 0.0
    for (index, leaf) in leaves.enumerated() {
        let analytic = leaf.gradient?.doubles ?? [Double](repeating: 0, count: leaf.count)
        var values = leaf.doubles
        for element in 0..<values.count {
            let original = values[element]
            func evaluate(_ value: Double) throws -> Double {
                values[element] = value
                var shifted = leaves.map { $0.detached() }
                shifted[index] = try Tensor(shape: leaf.shape, doubles: values)
                return try Tensor.withoutGradient { try objective(shifted) }
            }
            let numeric = (try evaluate(original + step) - evaluate(original - step)) / (2 * step)
            values[element] = original
            let error = abs(numeric - analytic[element]) / max(1, abs(numeric), abs(analytic[element]))
            worst = max(worst, error)
        }
    }
    return worst
}

/// A float64 tensor of normal samples, for gradient checks.
public func randomTensor(_ shape: [Int], seed: UInt64, scale: Double = 1) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    return Tensor.randomNormal(shape, std: scale, dtype: .float64, using: &generator)
}

/// `gradientCheck` of a function whose collectives span the ranks of `group`: rank 0 checks
/// the gradient of its `inputs`, the other ranks hold theirs fixed and call `function` (and
/// the backward) as often and in the same order, so that every collective meets. Every rank
/// must pass inputs of the same shapes. Returns the largest relative error on rank 0, 0 elsewhere.
public func distributedGradientCheck(
    group: any ProcessGroup, _ inputs: [Tensor], step: Double = 1e-6, seed: UInt64 = 7,
    _ function: ([Tensor]) throws -> Tensor
) throws -> Double {
    if group.rank == 0 { return try gradientCheck(inputs, step: step, seed: seed, function) }
    let leaves = inputs.map { $0.cast(to: .float64).contiguous().requiringGradient() }
    var generator = RandomGenerator(seed: seed)
    let probe = try function(leaves)
    let weights = Tensor.randomNormal(probe.shape, dtype: .float64, using: &generator)
    try (probe * weights).sum().backward()
    let fixed = leaves.map { $0.detached() }
    for _ in 0..<(2 * leaves.reduce(0) { $0 + $1.count }) {
        _ = try Tensor.withoutGradient { try function(fixed) }
    }
    return 0
}

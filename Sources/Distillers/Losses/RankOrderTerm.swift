import TensorEngine

/// ROP's order term `Σ_b Σ_i w_bi Σ_j (σ((t_bj − t_bi)/τ_t) − σ((s_bj − t_bi)/τ))² / (B·K)` in one
/// pass over the `[B, K, K]` triples with no tensor of that size (upstream builds several; at
/// B = K = 256 they cost seconds a step). The sigmoids are evaluated literally,
/// `1 / (1 + exp(−x))`, as upstream: with τ_t = 1e-6 the teacher's is a near-step function.
/// - Parameters: teacher, weights: constants `[B, K]`; student: `[B, K]`, float64 all three.
func rankOrderTerm(teacher: Tensor, student: Tensor, weights: Tensor, teacherTemperature: Double, temperature: Double)
    throws -> Tensor
{
    let (batch, k) = (student.shape[0], student.shape[1])
    let wantsGradient = takesGradient(student)
    let t = teacher.detached().doubles
    let s = student.detached().doubles
    let w = weights.detached().doubles
    let workers = max(1, min(Parallelism.threads, batch))
    let losses = UnsafeMutableBufferPointer<Double>.allocate(capacity: workers)
    let gradient = UnsafeMutableBufferPointer<Double>.allocate(capacity: wantsGradient ? batch * k : 0)
    defer {
        losses.deallocate()
        gradient.deallocate()
    }
    losses.initialize(repeating: 0)
    gradient.initialize(repeating: 0)
    let shared = UncheckedSendable((losses, gradient))
    let chunk = (batch + workers - 1) / workers
    let scale = 1 / Double(batch * k)
    // σ((s_j − t_i)/τ) = 1 / (1 + e^(−s_j/τ)·e^(t_i/τ)): B·K exponentials instead of B·K², equal to
    // the literal form within a few ulps. Only while no factor can overflow or underflow
    // (|s|, |t| ≤ 700τ; similarities are cosines, so τ ≥ 1/700 always qualifies).
    let limit = 700 * temperature
    let factored = s.allSatisfy { abs($0) <= limit } && t.allSatisfy { abs($0) <= limit }
    let studentFactors = factored ? s.map { Double.exp(-$0 / temperature) } : []
    concurrentPerform(iterations: workers) { worker in
        let (losses, gradient) = shared.value
        var loss = 0.0
        for b in (worker * chunk)..<min(batch, (worker + 1) * chunk) {
            let row = b * k
            for i in 0..<k {
                let anchor = t[row + i]
                let weight = w[row + i]
                let anchorFactor = factored ? Double.exp(anchor / temperature) : 0
                let step = 2 * weight * scale / temperature
                var sum = 0.0
                for j in 0..<k {
                    let target = literalSigmoid((t[row + j] - anchor) / teacherTemperature)
                    let soft =
                        factored
                        ? 1 / (1 + studentFactors[row + j] * anchorFactor)
                        : literalSigmoid((s[row + j] - anchor) / temperature)
                    let delta = target - soft
                    sum += delta * delta
                    if wantsGradient { gradient[row + j] -= step * delta * soft * (1 - soft) }
                }
                loss += weight * sum
            }
        }
        losses[worker] = loss
    }
    let value = losses.reduce(0, +) * scale
    return try scalar(value, withGradient: wantsGradient ? Array(gradient) : nil, of: student)
}

/// `1 / (1 + exp(−x))` to the bit, skipping `exp` where its result cannot change the answer:
/// for `x ≥ 40`, `1 + exp(−x)` rounds to 1; for `x ≤ −746`, `exp(−x)` overflows to ∞. With
/// τ_t = 1e-6 most teacher orders fall there.
@inline(__always)
func literalSigmoid(_ x: Double) -> Double {
    if x >= 40 { return 1 }
    if x <= -746 { return 0 }
    return 1 / (1 + Double.exp(-x))
}

import TensorEngine

/// RKD's angle term `mean_{i,j,k} huber(a^s_ijk − a^t_ijk)`, `a_ijk = ⟨û_ij, û_ik⟩`, in one pass
/// over the anchors with `[B, B]` scratch per worker: no `[B, B, D]` differences and no
/// `[B, B, B]` tensors (upstream builds both; at B = 256, D = 512 they cost seconds a step).
///
/// Everything is float64 (the result is cast back to the input's dtype). The gradient with
/// respect to `student` goes through the Gram matrix and the row distances:
/// `a = A·r_ij·r_ik`, `A_jk = G_jk − G_ij − G_ik + G_ii`, `r_ij = 1/‖e_j − e_i‖`, so
/// `∂L/∂X = (∂G + ∂Gᵀ + Lap(S))·X̄` with `S` the symmetrised `∂L/∂‖e_j − e_i‖ / ‖e_j − e_i‖`.
func rkdAngleTerm(student: Tensor, teacher: Tensor) throws -> Tensor {
    let s = try AngleGeometry(student), t = try AngleGeometry(teacher.detached())
    let b = s.batch, area = s.batch * s.batch
    let wantsGradient = takesGradient(student)
    let workers = max(1, min(Parallelism.threads, b))
    // Per worker: the loss, ∂L/∂G, and scratch (numerators of both networks, column sums).
    let losses = UnsafeMutableBufferPointer<Double>.allocate(capacity: workers)
    let gramGradients = UnsafeMutableBufferPointer<Double>.allocate(capacity: wantsGradient ? workers * area : 0)
    let scratch = UnsafeMutableBufferPointer<Double>.allocate(capacity: workers * (2 * area + 2 * b))
    // ∂L/∂‖e_j − e_i‖ / ‖e_j − e_i‖, row i written by the worker of anchor i.
    let distanceGradients = UnsafeMutableBufferPointer<Double>.allocate(capacity: area)
    defer { [losses, gramGradients, scratch, distanceGradients].forEach { $0.deallocate() } }
    losses.initialize(repeating: 0)
    gramGradients.initialize(repeating: 0)
    scratch.initialize(repeating: 0)
    distanceGradients.initialize(repeating: 0)
    let shared = UncheckedSendable((losses, gramGradients, scratch, distanceGradients))
    let chunk = (b + workers - 1) / workers
    s.inverse.withUnsafeBufferPointer { rs in
        t.inverse.withUnsafeBufferPointer { rt in
            let (rs, rt) = (UncheckedSendable(rs), UncheckedSendable(rt))
            concurrentPerform(iterations: workers) { worker in
                let (losses, gramGradients, scratch, distanceGradients) = shared.value
                let base = scratch.baseAddress! + worker * (2 * area + 2 * b)
                let (numS, numT, columnQ, secondR) = (base, base + area, base + 2 * area, base + 2 * area + b)
                let gradient = wantsGradient ? gramGradients.baseAddress! + worker * area : nil
                var loss = 0.0
                for i in (worker * chunk)..<min(b, (worker + 1) * chunk) {
                    s.numerators(anchor: i, into: numS)
                    t.numerators(anchor: i, into: numT)
                    let ris = rs.value.baseAddress! + i * b, rit = rt.value.baseAddress! + i * b
                    columnQ.update(repeating: 0, count: 2 * b)
                    var total = 0.0
                    for j in 0..<b where j != i {
                        let (rjs, rjt) = (ris[j], rit[j])
                        let rowS = numS + j * b, rowT = numT + j * b
                        guard let gradient else {
                            for k in 0..<b {
                                let delta = rowS[k] * rjs * ris[k] - rowT[k] * rjt * rit[k], size = abs(delta)
                                loss += size < 1 ? 0.5 * delta * delta : size - 0.5
                            }
                            continue
                        }
                        let rowG = gradient + j * b
                        var rowQ = 0.0, firstR = 0.0
                        for k in 0..<b {
                            let delta = rowS[k] * rjs * ris[k] - rowT[k] * rjt * rit[k], size = abs(delta)
                            loss += size < 1 ? 0.5 * delta * delta : size - 0.5
                            let w = size < 1 ? delta : (delta > 0 ? 1 : -1)
                            let wr = w * rjs, q = wr * ris[k]
                            rowG[k] += q
                            rowQ += q
                            columnQ[k] += q
                            firstR += w * rowS[k] * ris[k]
                            secondR[k] += wr * rowS[k]
                        }
                        gradient[i * b + j] -= rowQ
                        total += rowQ
                        // Through r_ij = 1/n_ij while the norm is above F.normalize's floor.
                        let n = s.distance[i * b + j]
                        if n > AngleGeometry.normFloor { distanceGradients[i * b + j] = -firstR * rjs * rjs * rjs }
                    }
                    guard let gradient else { continue }
                    for j in 0..<b where j != i {
                        gradient[i * b + j] -= columnQ[j]
                        if s.distance[i * b + j] > AngleGeometry.normFloor {
                            distanceGradients[i * b + j] -= secondR[j] * ris[j] * ris[j] * ris[j]
                        }
                    }
                    gradient[i * b + i] += total
                }
                losses[worker] = loss
            }
        }
    }
    let cubed = Double(b * b * b)
    let value = losses.reduce(0, +) / cubed
    guard wantsGradient else { return try scalar(value, withGradient: nil, of: student) }
    // M = ∂G + ∂Gᵀ + diag(rowsum S) − S, S = N + Nᵀ; ∂L/∂X = M·X̄ / B³ with column means removed
    // (the chain rule through the centring; zero in exact arithmetic).
    var m = [Double](repeating: 0, count: area)
    for p in 0..<b {
        for q in 0..<b {
            var g = 0.0, sym = distanceGradients[p * b + q] + distanceGradients[q * b + p]
            for worker in 0..<workers { g += gramGradients[worker * area + p * b + q] + gramGradients[worker * area + q * b + p] }
            if p == q { sym = 0 }
            m[p * b + q] += (g - sym) / cubed
            m[p * b + p] += sym / cubed
        }
    }
    var gradient = try Tensor(shape: [b, b], doubles: m).matmul(Tensor(shape: [b, s.dimension], doubles: s.centered)).doubles
    let d = s.dimension
    for c in 0..<d {
        let mean = (0..<b).reduce(0.0) { $0 + gradient[$1 * d + c] } / Double(b)
        for i in 0..<b { gradient[i * d + c] -= mean }
    }
    return try scalar(value, withGradient: gradient, of: student)
}

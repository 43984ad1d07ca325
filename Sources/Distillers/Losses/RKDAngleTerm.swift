import TensorEngine

/// RKD's angle term `mean_{i,j,k} huber(a^s_ijk − a^t_ijk)`, `a_ijk = ⟨û_ij, û_ik⟩`, in one pass
/// over the anchors with `[B, B]` scratch per worker: no `[B, B, D]` differences and no
/// `[B, B, B]` tensors (upstream builds both; at B = 256, D = 512 they cost seconds a step).
///
/// Everything is float64 (the result is cast back to the input's dtype). With
/// `a = A_jk·r_ij·r_ik`, `A_jk = ⟨δ_j, δ_k⟩ = G_jk − G_ij − G_ik + G_ii`, `δ_j = e_j − e_i`,
/// `r_ij = 1/max(‖δ_j‖, 1e-12)`, the student gradient is `(∂G + ∂Gᵀ + Lap(S))·X̄`, with `S` the
/// symmetrised `(∂L/∂‖δ_j‖)/‖δ_j‖`; entries that touch a close pair (`AngleGeometry.closeRows`)
/// go straight to the rows instead, as their numerators do, since their `r` is large.
func rkdAngleTerm(student: Tensor, teacher: Tensor) throws -> Tensor {
    let s = try AngleGeometry(student)
    let t = try AngleGeometry(teacher.detached())
    let (b, d) = (s.batch, s.dimension)
    let wantsGradient = takesGradient(student)
    let workers = max(1, min(Parallelism.threads, b))
    let buffers = AngleTermBuffers(student: s, teacher: t, workers: workers, gradient: wantsGradient)
    defer { buffers.deallocate() }
    let shared = UncheckedSendable(buffers)
    let chunk = (b + workers - 1) / workers
    concurrentPerform(iterations: workers) { worker in
        let buffers = shared.value
        var loss = 0.0
        for i in (worker * chunk)..<min(b, (worker + 1) * chunk) {
            loss += anchorTerm(i, student: s, teacher: t, buffers: buffers, worker: worker)
        }
        buffers.losses[worker] = loss
    }
    let cubed = Double(b * b * b)
    let value = buffers.losses.reduce(0, +) / cubed
    guard wantsGradient else { return try scalar(value, withGradient: nil, of: student) }
    // M = ∂G + ∂Gᵀ + diag(rowsum S) − S with S = N + Nᵀ; ∂L/∂X = (M·X̄ + direct) / B³, column
    // means removed (the chain rule through the centring; zero in exact arithmetic).
    let area = b * b
    var m = [Double](repeating: 0, count: area)
    for p in 0..<b {
        for q in 0..<b where q != p {
            var g = 0.0
            for worker in 0..<workers {
                g += buffers.gram[worker * area + p * b + q] + buffers.gram[worker * area + q * b + p]
            }
            let sym = buffers.distance[p * b + q] + buffers.distance[q * b + p]
            m[p * b + q] += g - sym
            m[p * b + p] += sym
        }
        for worker in 0..<workers { m[p * b + p] += 2 * buffers.gram[worker * area + p * b + p] }
    }
    var gradient = try Tensor(shape: [b, b], doubles: m).matmul(Tensor(shape: [b, d], doubles: s.centered)).doubles
    for worker in 0..<workers { for e in 0..<(b * d) { gradient[e] += buffers.direct[worker * b * d + e] } }
    for c in 0..<d {
        let mean = (0..<b).reduce(0.0) { $0 + gradient[$1 * d + c] } / Double(b)
        for i in 0..<b { gradient[i * d + c] = (gradient[i * d + c] - mean) / cubed }
    }
    return try scalar(value, withGradient: gradient, of: student)
}

/// The loss of anchor `i` (summed over `j, k`), and with gradients, its share of `∂G`, of the
/// distance gradients (row `i`) and of the direct row gradients.
private func anchorTerm(
    _ i: Int, student s: AngleGeometry, teacher t: AngleGeometry, buffers: AngleTermBuffers, worker: Int
) -> Double {
    let b = s.batch
    let area = b * b
    let base = buffers.scratch.baseAddress! + worker * buffers.scratchPerWorker
    let (numS, numT, direct) = (base, base + area, base + 2 * area)
    let (columnQ, secondR, close) = (base + 3 * area, base + 3 * area + b, base + 3 * area + 2 * b)
    let (ris, rit, zeros) = (base + 3 * area + 3 * b, base + 3 * area + 4 * b, base + 3 * area + 5 * b)
    for j in 0..<b { (ris[j], rit[j]) = (s.inverse[i * b + j], t.inverse[i * b + j]) }
    // Without close pairs the numerator rows are formed on the fly from the Gram rows (the same
    // arithmetic as `numerators`); otherwise they are written out first.
    let onTheFly = s.closeRows[i].isEmpty && t.closeRows[i].isEmpty
    if !onTheFly {
        s.numerators(anchor: i, into: numS)
        t.numerators(anchor: i, into: numT)
    }
    let (gs, gt) = (buffers.studentGram, buffers.teacherGram)
    func rows(_ j: Int) -> (s: NumeratorRow, t: NumeratorRow) {
        guard onTheFly else { return ((numS + j * b, zeros, 0), (numT + j * b, zeros, 0)) }
        return (
            (gs + j * b, gs + i * b, gs[i * b + i] - gs[i * b + j]),
            (gt + j * b, gt + i * b, gt[i * b + i] - gt[i * b + j])
        )
    }
    var loss = 0.0
    guard buffers.wantsGradient else {
        for j in 0..<b where j != i {
            let (rowS, rowT) = rows(j)
            loss +=
                plainRow(count: b, s: rowS, t: rowT, ris: ris, rit: rit, rjs: ris[j], rjt: rit[j], gradient: nil).loss
        }
        return loss
    }
    let closeRows = s.closeRows[i]
    columnQ.update(repeating: 0, count: 3 * b)
    for j in closeRows { close[j] = 1 }
    let gram = buffers.gram.baseAddress! + worker * area
    var total = 0.0
    for j in 0..<b where j != i {
        let (rjs, rjt, rowS, rowT, rowG) = (ris[j], rit[j], numS + j * b, numT + j * b, gram + j * b)
        var rowQ = 0.0
        var firstR = 0.0
        if closeRows.isEmpty {
            let (numeratorsS, numeratorsT) = rows(j)
            let row = plainRow(
                count: b, s: numeratorsS, t: numeratorsT, ris: ris, rit: rit, rjs: rjs, rjt: rjt,
                gradient: (rowG, columnQ, secondR))
            (rowQ, firstR) = (row.rowQ, row.firstR)
            loss += row.loss
        } else {
            let rowIsClose = close[j] != 0
            for k in 0..<b {
                let delta = rowS[k] * rjs * ris[k] - rowT[k] * rjt * rit[k]
                let size = abs(delta)
                loss += size < 1 ? 0.5 * delta * delta : size - 0.5
                let w = size < 1 ? delta : (delta > 0 ? 1 : -1)
                let wr = w * rjs
                let q = wr * ris[k]
                firstR += w * rowS[k] * ris[k]
                secondR[k] += wr * rowS[k]
                if !(rowIsClose || close[k] != 0) {
                    rowG[k] += q
                    rowQ += q
                    columnQ[k] += q
                } else {
                    direct[j * b + k] = q
                }
            }
        }
        gram[i * b + j] -= rowQ
        total += rowQ
        // Through r_ij = 1/‖δ_j‖ while the norm is above F.normalize's floor.
        if s.distance[i * b + j] > AngleGeometry.normFloor { buffers.distance[i * b + j] = -firstR * rjs * rjs * rjs }
    }
    for j in 0..<b where j != i {
        gram[i * b + j] -= columnQ[j]
        if s.distance[i * b + j] > AngleGeometry.normFloor {
            buffers.distance[i * b + j] -= secondR[j] * ris[j] * ris[j] * ris[j]
        }
    }
    gram[i * b + i] += total
    guard !closeRows.isEmpty else { return loss }
    directGradients(
        anchor: i, closeRows: closeRows, q: direct, close: close, geometry: s, buffers: buffers, worker: worker)
    for j in closeRows { close[j] = 0 }
    return loss
}

/// Numerators `A_jk = rows[k] − anchorRow[k] + shift` (Gram rows `j`, `i` and `G_ii − G_ij`, or a
/// written-out row, zeros and 0).
private typealias NumeratorRow = (
    rows: UnsafeMutablePointer<Double>, anchorRow: UnsafeMutablePointer<Double>, shift: Double
)

/// Row `j` of an anchor with no close pair: the summed smooth-L1 of `a^s_jk − a^t_jk` over `k`, and
/// with `gradient`, `q_jk = w_jk·r_ij·r_ik` added to `∂G` row `j` and the column sums, `w_jk·A_jk·r_ij`
/// to the `∂r` column sums; returns `Σ_k q_jk` and `Σ_k w_jk·A_jk·r_ik`. SIMD over `k`.
@inline(__always)
private func plainRow(
    count b: Int, s numeratorsS: NumeratorRow, t numeratorsT: NumeratorRow,
    ris: UnsafeMutablePointer<Double>, rit: UnsafeMutablePointer<Double>, rjs: Double, rjt: Double,
    gradient: (
        gram: UnsafeMutablePointer<Double>, columnQ: UnsafeMutablePointer<Double>, secondR: UnsafeMutablePointer<Double>
    )?
) -> (loss: Double, rowQ: Double, firstR: Double) {
    typealias V = SIMD4<Double>
    func load(_ p: UnsafeMutablePointer<Double>, _ k: Int) -> V { UnsafeRawPointer(p + k).loadUnaligned(as: V.self) }
    func store(_ v: V, _ p: UnsafeMutablePointer<Double>, _ k: Int) {
        UnsafeMutableRawPointer(p + k).storeBytes(of: v, as: V.self)
    }
    let (rjsV, rjtV) = (V(repeating: rjs), V(repeating: rjt))
    let (shiftS, shiftT) = (V(repeating: numeratorsS.shift), V(repeating: numeratorsT.shift))
    let (rowS, anchorS, rowT, anchorT) = (
        numeratorsS.rows, numeratorsS.anchorRow, numeratorsT.rows, numeratorsT.anchorRow
    )
    var lossV = V(repeating: 0)
    var rowQV = V(repeating: 0)
    var firstRV = V(repeating: 0)
    var k = 0
    while k + 4 <= b {
        let (sk, rsk) = (load(rowS, k) - load(anchorS, k) + shiftS, load(ris, k))
        let tk = load(rowT, k) - load(anchorT, k) + shiftT
        let delta = sk * rjsV * rsk - tk * rjtV * load(rit, k)
        let size = delta.replacing(with: -delta, where: delta .< 0)
        let small = size .< 1
        lossV += (size - 0.5).replacing(with: 0.5 * delta * delta, where: small)
        if let gradient {
            let w = V(repeating: -1).replacing(with: 1, where: delta .> 0).replacing(with: delta, where: small)
            let wr = w * rjsV
            let q = wr * rsk
            store(load(gradient.gram, k) + q, gradient.gram, k)
            store(load(gradient.columnQ, k) + q, gradient.columnQ, k)
            store(load(gradient.secondR, k) + wr * sk, gradient.secondR, k)
            rowQV += q
            firstRV += w * sk * rsk
        }
        k += 4
    }
    var (loss, rowQ, firstR) = (lossV.sum(), rowQV.sum(), firstRV.sum())
    while k < b {
        let sk = rowS[k] - anchorS[k] + numeratorsS.shift
        let tk = rowT[k] - anchorT[k] + numeratorsT.shift
        let delta = sk * rjs * ris[k] - tk * rjt * rit[k]
        let size = abs(delta)
        loss += size < 1 ? 0.5 * delta * delta : size - 0.5
        if let gradient {
            let w = size < 1 ? delta : (delta > 0 ? 1 : -1)
            let wr = w * rjs
            let q = wr * ris[k]
            gradient.gram[k] += q
            gradient.columnQ[k] += q
            gradient.secondR[k] += wr * sk
            rowQ += q
            firstR += w * sk * ris[k]
        }
        k += 1
    }
    return (loss, rowQ, firstR)
}

/// `∂A_jk = q_jk` on `δ_j` and `δ_k` for the entries that touch a close row, and the close rows'
/// distance gradients, straight onto the rows `e_j`, `e_k` (+) and the anchor `e_i` (−).
private func directGradients(
    anchor i: Int, closeRows: [Int], q: UnsafeMutablePointer<Double>, close: UnsafeMutablePointer<Double>,
    geometry s: AngleGeometry, buffers: AngleTermBuffers, worker: Int
) {
    let (b, d) = (s.batch, s.dimension)
    let out = buffers.direct.baseAddress! + worker * b * d
    s.rows.withUnsafeBufferPointer { x in
        func add(_ scale: Double, differenceOf j: Int, to row: Int) {
            guard scale != 0 else { return }
            for c in 0..<d {
                let value = scale * (x[j * d + c] - x[i * d + c])
                out[row * d + c] += value
                out[i * d + c] -= value
            }
        }
        for j in 0..<b where j != i {
            for k in 0..<b where k != i && (close[j] != 0 || close[k] != 0) {
                add(q[j * b + k], differenceOf: k, to: j)
                add(q[j * b + k], differenceOf: j, to: k)
            }
        }
        for j in closeRows where s.distance[i * b + j] > AngleGeometry.normFloor {
            add(buffers.distance[i * b + j], differenceOf: j, to: j)
            buffers.distance[i * b + j] = 0
        }
    }
}

/// The scratch and accumulators of `rkdAngleTerm`, per worker where several write.
private struct AngleTermBuffers {
    let wantsGradient: Bool
    let scratchPerWorker: Int
    /// Per worker: the loss.
    let losses: UnsafeMutableBufferPointer<Double>
    /// Per worker `[B, B]`: `∂L/∂G`.
    let gram: UnsafeMutableBufferPointer<Double>
    /// `[B, B]`: `(∂L/∂‖δ_j‖)/‖δ_j‖` of anchor `i` at `i·B + j`, written by that anchor's worker.
    let distance: UnsafeMutablePointer<Double>
    /// Per worker `[B, D]`: gradients put on the rows directly.
    let direct: UnsafeMutableBufferPointer<Double>
    /// The Gram matrices `[B, B]`.
    let studentGram: UnsafeMutablePointer<Double>
    let teacherGram: UnsafeMutablePointer<Double>
    /// Per worker: both numerator tables, the direct `q`, column sums, `∂r` sums, the close mask,
    /// row `i` of both `r`, a row of zeros.
    let scratch: UnsafeMutableBufferPointer<Double>

    init(student: AngleGeometry, teacher: AngleGeometry, workers: Int, gradient: Bool) {
        let (b, d) = (student.batch, student.dimension)
        wantsGradient = gradient
        studentGram = .allocate(capacity: b * b)
        studentGram.initialize(from: student.gram, count: b * b)
        teacherGram = .allocate(capacity: b * b)
        teacherGram.initialize(from: teacher.gram, count: b * b)
        scratchPerWorker = 3 * b * b + 6 * b
        losses = .allocate(capacity: workers)
        gram = .allocate(capacity: gradient ? workers * b * b : 0)
        distance = .allocate(capacity: b * b)
        direct = .allocate(capacity: gradient ? workers * b * d : 0)
        scratch = .allocate(capacity: workers * scratchPerWorker)
        for buffer in [losses, gram, direct, scratch] { buffer.initialize(repeating: 0) }
        distance.initialize(repeating: 0, count: b * b)
    }

    func deallocate() {
        for buffer in [losses, gram, direct, scratch] { buffer.deallocate() }
        for pointer in [distance, studentGram, teacherGram] { pointer.deallocate() }
    }
}

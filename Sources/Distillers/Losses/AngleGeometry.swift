import TensorEngine

/// What RKD's angles `⟨û_ij, û_ik⟩`, `û_ij = (e_j − e_i) / max(‖e_j − e_i‖, 1e-12)`, need of one
/// batch of embeddings `[B, D]`, in float64, without the `[B, B, D]` differences: the numerator
/// `⟨e_j − e_i, e_k − e_i⟩ = G_jk − G_ij − G_ik + G_ii` comes from the Gram matrix `G`.
///
/// The rows are centred first (angles do not see translations), so the identity loses only
/// about `ε·max‖e − ē‖² / (‖e_j − e_i‖·‖e_k − e_i‖)`; differences shorter than
/// `closeFraction · max‖e − ē‖` (duplicates, near-duplicates) take their numerators from the
/// rows, as upstream does, so that an exact duplicate gives angle 0 as in PyTorch.
struct AngleGeometry {
    /// Below this fraction of the batch radius a difference takes its numerators from the rows.
    static let closeFraction = 0.05
    /// `F.normalize`'s clamp of the norm.
    static let normFloor = 1e-12

    let batch: Int
    let dimension: Int
    /// The embeddings `[B·D]`.
    let rows: [Double]
    /// Rows minus their mean `[B·D]`.
    let centered: [Double]
    /// `centered · centeredᵀ` `[B·B]`.
    let gram: [Double]
    /// `‖e_j − e_i‖` from the rows `[B·B]`.
    let distance: [Double]
    /// `1 / max(‖e_j − e_i‖, 1e-12)`, 0 on the diagonal (`û_ii = 0`) `[B·B]`.
    let inverse: [Double]
    /// For each anchor `i`, the `j ≠ i` whose numerators are taken from the rows.
    let closeRows: [[Int]]

    init(_ embeddings: Tensor) throws {
        let (b, d) = (embeddings.shape[0], embeddings.shape[1])
        (batch, dimension) = (b, d)
        let x = embeddings.detached().doubles
        rows = x
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<b { for c in 0..<d { mean[c] += x[i * d + c] / Double(b) } }
        let centered = (0..<(b * d)).map { x[$0] - mean[$0 % d] }
        self.centered = centered
        let c = try Tensor(shape: [b, d], doubles: centered)
        gram = try c.matmul(c.transposed()).doubles
        var distance = [Double](repeating: 0, count: b * b)
        x.withUnsafeBufferPointer { p in
            for i in 0..<b {
                for j in (i + 1)..<max(b, i + 1) {
                    let norm = Self.squaredDistance(p.baseAddress! + i * d, p.baseAddress! + j * d, count: d)
                        .squareRoot()
                    (distance[i * b + j], distance[j * b + i]) = (norm, norm)
                }
            }
        }
        self.distance = distance
        inverse = distance.indices.map { $0 / b == $0 % b ? 0 : 1 / max(distance[$0], Self.normFloor) }
        var radius = 0.0
        for i in 0..<b {
            var squares = 0.0
            for c in 0..<d { squares += centered[i * d + c] * centered[i * d + c] }
            radius = max(radius, squares.squareRoot())
        }
        let limit = Self.closeFraction * radius
        closeRows = (0..<b).map { i in (0..<b).filter { $0 != i && distance[i * b + $0] <= limit } }
    }

    /// `‖x − y‖²` over `count` elements (SIMD partial sums: the compiler does not reorder a
    /// floating-point reduction on its own).
    static func squaredDistance(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
        var partial = SIMD4<Double>(repeating: 0)
        var c = 0
        while c + 4 <= count {
            let delta =
                UnsafeRawPointer(y + c).loadUnaligned(as: SIMD4<Double>.self)
                - UnsafeRawPointer(x + c).loadUnaligned(as: SIMD4<Double>.self)
            partial += delta * delta
            c += 4
        }
        var squares = partial.sum()
        while c < count {
            let delta = y[c] - x[c]
            squares += delta * delta
            c += 1
        }
        return squares
    }

    /// The numerators `⟨e_j − e_i, e_k − e_i⟩` of anchor `i` into `out[j·B + k]`.
    func numerators(anchor i: Int, into out: UnsafeMutablePointer<Double>) {
        let b = batch
        gram.withUnsafeBufferPointer { g in
            let anchor = g[i * b + i]
            for j in 0..<b {
                let shift = anchor - g[i * b + j]
                for k in 0..<b { out[j * b + k] = g[j * b + k] - g[i * b + k] + shift }
            }
        }
        guard !closeRows[i].isEmpty else { return }
        let d = dimension
        rows.withUnsafeBufferPointer { x in
            for j in closeRows[i] {
                for k in 0..<b {
                    var dot = 0.0
                    for c in 0..<d { dot += (x[j * d + c] - x[i * d + c]) * (x[k * d + c] - x[i * d + c]) }
                    (out[j * b + k], out[k * b + j]) = (dot, dot)
                }
            }
        }
    }
}

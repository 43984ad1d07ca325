import TensorEngine

/// Checks that student and teacher features are `[batch, dim]` of equal shape (no connector:
/// both networks end in the same bottleneck, spec §1.1).
func requireMatchingFeatures(_ student: Tensor, _ teacher: Tensor, loss: String, minimumBatch: Int = 1) throws {
    guard student.rank == 2, student.shape == teacher.shape, student.dtype == teacher.dtype else {
        throw DistillerError.shapeMismatch(
            loss: loss,
            message: "student \(student.shape) \(student.dtype) and teacher \(teacher.shape) \(teacher.dtype) "
                + "features must both be [batch, dim] of one shape and dtype")
    }
    guard student.shape[0] >= minimumBatch else {
        throw DistillerError.shapeMismatch(
            loss: loss, message: "needs a batch of at least \(minimumBatch), got \(student.shape[0])")
    }
}

/// `x / max(‖x‖₂, 1e-12)` per row (PyTorch `F.normalize`).
func normalizedRows(_ x: Tensor) throws -> Tensor { try x.l2Normalized(axis: 1) }

/// The teacher's neighbour ranking shared by CSD, ROP and D3 (spec §3.6).
struct TeacherRanking {
    /// Teacher–teacher similarities in teacher order `[batch, k]` (constant).
    var teacher: Tensor
    /// Student-query vs teacher-gallery similarities in the same order `[batch, k]`.
    var student: Tensor
    /// The column order `[batch, k]`, row-major.
    var order: [Int]
}

/// Sorts each row of `t̂ t̂ᵀ` descending and gathers the first `k` columns of it and of `ŝ t̂ᵀ`.
func teacherRanking(student: Tensor, teacher: Tensor, k: Int) throws -> TeacherRanking {
    let gram = try teacher.matmul(teacher.transposed()).detached()
    let cross = try student.matmul(teacher.transposed())
    let batch = gram.shape[0]
    let (_, full) = try gram.sorted(descending: true)
    let order = (0..<batch).flatMap { row in full[(row * batch)..<(row * batch + k)] }
    return TeacherRanking(
        teacher: try gram.gather(columns: order, k: k),
        student: try cross.gather(columns: order, k: k), order: order)
}

/// Smooth-L1 with β = 1: `0.5x²` where `|x| < 1`, else `|x| − 0.5`.
func huber(_ x: Tensor) throws -> Tensor {
    let magnitude = x.abs()
    return try (magnitude - 0.5).replacing(where: magnitude.lessMask(1), with: x.square() * 0.5)
}

import Foundation
import TensorEngine

@testable import Distillers

/// RKD's angle term and ROP as upstream writes them, with the `[B, B, D]` and `[B, K, K]`
/// tensors (the formulation the fused passes replace): the reference for values and gradients.
enum UpstreamRelations {
    /// `huber(angles(s) − angles(t)).mean()`, `angles(e)[i, j, k] = ⟨normalize(e_j − e_i), normalize(e_k − e_i)⟩`.
    static func angleTerm(student: Tensor, teacher: Tensor) throws -> Tensor {
        func angles(_ e: Tensor) throws -> Tensor {
            let unit = try (e.unsqueezed(0) - e.unsqueezed(1)).l2Normalized(axis: 2)
            return try unit.matmul(unit.transposed(1, 2))
        }
        return try huber(angles(student) - angles(teacher.detached())).mean()
    }

    /// ROP with the `[B, K, K]` order tensors.
    static func rop(student: Tensor, teacher: Tensor, settings: ROP.Settings) throws -> Tensor {
        let k = settings.topK
        let ranking = try teacherRanking(
            student: normalizedRows(student).cast(to: .float64),
            teacher: normalizedRows(teacher.detached()).cast(to: .float64), k: k)
        let t = ranking.teacher
        let s = ranking.student
        let teacherOrder = try ((t.unsqueezed(1) - t.unsqueezed(2)) / ROP.teacherTemperature).sigmoid()
        let studentOrder = try ((s.unsqueezed(1) - t.unsqueezed(2)) / settings.temperature).sigmoid()
        let positions = try (Tensor.arange(k, dtype: .float64) + 1).reshaped([1, k])
        let weights = try (t * settings.rankWeight).softmax(axis: 1) * positions
        let perRank = try (teacherOrder - studentOrder).square().sum(axis: 2)
        return try (weights * perRank).sum() / Double(student.shape[0] * k)
    }

    /// Value and gradient of `loss(student)` (float64 leaves from `student`'s values).
    static func evaluate(_ student: Tensor, _ loss: (Tensor) throws -> Tensor) throws -> (
        value: Double, gradient: [Double]
    ) {
        let leaf = student.detached().requiringGradient()
        let value = try loss(leaf)
        try value.backward()
        return (try value.item(), leaf.gradient?.doubles ?? [])
    }

    /// How far `fused` is from `upstream` at `student`: the value relative to upstream's, the
    /// gradient relative to upstream's largest entry. With `timing`, prints the milliseconds of
    /// a forward + backward of each (the fused one the best of three) after that label.
    static func differences(
        at student: Tensor, timing: String? = nil, fused: (Tensor) throws -> Tensor,
        upstream: (Tensor) throws -> Tensor
    ) throws -> (value: Double, gradient: Double) {
        var mine = (value: 0.0, gradient: [Double]())
        var theirs = mine
        let fusedTime = try milliseconds(repeats: timing == nil ? 1 : 3) { mine = try evaluate(student, fused) }
        let upstreamTime = try milliseconds { theirs = try evaluate(student, upstream) }
        if let timing {
            print(
                "\(timing): fused \(String(format: "%.1f", fusedTime)) ms, upstream formulation \(String(format: "%.1f", upstreamTime)) ms"
            )
        }
        return (abs(mine.value - theirs.value) / abs(theirs.value), scaledError(mine.gradient, theirs.gradient))
    }

    /// The largest difference relative to the largest magnitude of `expected`.
    static func scaledError(_ actual: [Double], _ expected: [Double]) -> Double {
        guard actual.count == expected.count else { return .infinity }
        let scale = expected.map(abs).max() ?? 0
        return zip(actual, expected).map { abs($0 - $1) }.max().map { $0 / max(scale, .leastNormalMagnitude) } ?? 0
    }

    /// Milliseconds of one call of `body` (the best of `repeats`).
    static func milliseconds(repeats: Int = 1, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return best
    }
}

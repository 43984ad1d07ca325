import Foundation
import TensorEngine
import TestSupport
import Testing

@testable import Distillers

/// The fused angle term against upstream's `[B, B, D]` formulation, on batches that stress the
/// Gram identity: exact and near duplicates, a large common offset, collapsed rows. Measured:
/// value within 3e-16 relative, gradient within 2e-15 of its largest entry.
@Suite struct RKDAngleTermTests {
    enum Batch: String, CaseIterable, Sendable {
        case random, exactDuplicates, nearDuplicates, farFromOrigin, collapsedTeacher

        func features() throws -> (student: Tensor, teacher: Tensor) {
            let (student, teacher) = Fixtures.features(batch: 14, dim: 9, seed: 41)
            func copying(_ e: Tensor, _ pairs: [(Int, Int)], noise: Double) throws -> Tensor {
                var values = e.doubles
                for (from, to) in pairs {
                    for c in 0..<9 { values[to * 9 + c] = values[from * 9 + c] + noise * Double(c % 3 - 1) }
                }
                return try Tensor(shape: e.shape, doubles: values)
            }
            switch self {
            case .random: return (student, teacher)
            case .exactDuplicates:
                return (
                    try copying(student, [(0, 5), (0, 9), (3, 4)], noise: 0),
                    try copying(teacher, [(1, 2), (0, 5)], noise: 0)
                )
            case .nearDuplicates:
                return (
                    try copying(student, [(0, 5), (3, 4)], noise: 1e-9), try copying(teacher, [(1, 2)], noise: 1e-7)
                )
            case .farFromOrigin: return (try student + 300, try teacher - 1000)
            case .collapsedTeacher: return (student, try copying(teacher, (1..<14).map { (0, $0) }, noise: 0))
            }
        }
    }

    @Test(arguments: Batch.allCases)
    func matchesUpstreamInValueAndGradient(_ batch: Batch) throws {
        let (student, teacher) = try batch.features()
        let (valueError, gradientError) = try UpstreamRelations.differences(
            at: student, fused: { try rkdAngleTerm(student: $0, teacher: teacher) },
            upstream: { try UpstreamRelations.angleTerm(student: $0, teacher: teacher) })
        #expect(valueError < 1e-12, "\(batch): value off by \(valueError) relative")
        #expect(gradientError < 1e-12, "\(batch): gradient off by \(gradientError) of its largest entry")
    }

    /// The close-pair path (numerators and gradients straight from the rows) against finite
    /// differences: two student rows 0.02 apart, well inside 5% of the batch radius.
    @Test func closePairsMatchFiniteDifferences() throws {
        let (student, teacher) = Fixtures.features(batch: 7, dim: 5, seed: 61)
        var values = student.doubles
        for c in 0..<5 { values[3 * 5 + c] = values[c] + 0.01 * Double(c % 2 == 0 ? 1 : -1) }
        let close = try Tensor(shape: student.shape, doubles: values)
        #expect(try AngleGeometry(close).closeRows[0] == [3])
        let error = try gradientCheck([close]) { try rkdAngleTerm(student: $0[0], teacher: teacher) }
        #expect(error < 1e-6, "finite-difference error \(error)")
    }

    @Test func float32InputsStayFloat32AndClose() throws {
        let (student, teacher) = Fixtures.features(batch: 10, dim: 7, seed: 5)
        let value = try rkdAngleTerm(student: student.cast(to: .float32), teacher: teacher.cast(to: .float32))
        #expect(value.dtype == .float32)
        let expected = try UpstreamRelations.angleTerm(student: student, teacher: teacher).item()
        #expect(abs(try value.item() - expected) <= 1e-6 * abs(expected))
    }

    @Test func withoutGradientItIsAConstant() throws {
        let (student, teacher) = Fixtures.features(batch: 6, dim: 4, seed: 9)
        let leaf = student.requiringGradient()
        let value = try Tensor.withoutGradient { try rkdAngleTerm(student: leaf, teacher: teacher) }
        #expect(!value.requiresGradient)
        #expect(try value.item() == (try rkdAngleTerm(student: leaf, teacher: teacher).item()))
    }

    /// Forward + backward of the whole RKD loss, fused against upstream's formulation; the
    /// batch and width come from `AIRS_RKD_ROP_BENCH` ("256x512" for the upstream size; release
    /// build for figures), 48x32 by default.
    @Test func stepTimeAgainstUpstream() throws {
        let (b, d) = benchmarkSize()
        let (student, teacher) = (
            randomTensor([b, d], seed: 1).cast(to: .float32), randomTensor([b, d], seed: 2).cast(to: .float32)
        )
        let (valueError, gradientError) = try UpstreamRelations.differences(
            at: student, timing: "RKD step B=\(b) D=\(d) float32",
            fused: { try rkdLoss(student: $0, teacher: teacher, settings: .defaults) },
            upstream: { s in
                let settings = try RKD.Settings.defaults
                let terms = try rkdTerms(student: s, teacher: teacher, settings: settings)
                return try terms.distance * settings.distanceWeight
                    + UpstreamRelations.angleTerm(student: s, teacher: teacher) * settings.angleWeight
            })
        #expect(
            valueError <= 1e-4 && gradientError < 1e-3, "off by \(valueError) in value, \(gradientError) in gradient")
    }
}

/// `AIRS_RKD_ROP_BENCH=BxD`, else 48x32.
func benchmarkSize() -> (batch: Int, dim: Int) {
    let parts = (ProcessInfo.processInfo.environment["AIRS_RKD_ROP_BENCH"] ?? "").split(separator: "x").compactMap {
        Int($0)
    }
    return parts.count == 2 && parts.allSatisfy({ $0 > 1 }) ? (parts[0], parts[1]) : (48, 32)
}

import Foundation
import TensorEngine
import TestSupport
import Testing

@testable import Distillers

/// The fused ROP order term against upstream's `[B, K, K]` formulation.
@Suite struct RankOrderTermTests {
    enum Batch: String, CaseIterable, Sendable {
        case random, topKBelowBatch, teacherTies

        func features() throws -> (student: Tensor, teacher: Tensor, settings: ROP.Settings) {
            let (student, teacher) = Fixtures.features(batch: 12, dim: 6, seed: 77)
            var settings = try ROP.Settings.defaults
            settings.topK = 12
            switch self {
            case .random: return (student, teacher, settings)
            case .topKBelowBatch:
                settings.topK = 5
                settings.temperature = 0.05
                return (student, teacher, settings)
            case .teacherTies:
                // Duplicate teacher rows: equal similarities, where the teacher's sigmoid is exactly ½.
                var values = teacher.doubles
                for c in 0..<6 { (values[4 * 6 + c], values[9 * 6 + c]) = (values[c], values[c]) }
                return (student, try Tensor(shape: teacher.shape, doubles: values), settings)
            }
        }
    }

    @Test(arguments: Batch.allCases)
    func matchesUpstreamInValueAndGradient(_ batch: Batch) throws {
        let (student, teacher, settings) = try batch.features()
        let (valueError, gradientError) = try UpstreamRelations.differences(
            at: student, fused: { try ropLoss(student: $0, teacher: teacher, settings: settings) },
            upstream: { try UpstreamRelations.rop(student: $0, teacher: teacher, settings: settings) })
        #expect(valueError < 1e-12, "\(batch): value off by \(valueError) relative")
        #expect(gradientError < 1e-12, "\(batch): gradient off by \(gradientError) of its largest entry")
    }

    @Test func withoutGradientItIsAConstant() throws {
        let (student, teacher) = Fixtures.features(batch: 6, dim: 4, seed: 9)
        var settings = try ROP.Settings.defaults
        settings.topK = 4
        let leaf = student.requiringGradient()
        let value = try Tensor.withoutGradient { try ropLoss(student: leaf, teacher: teacher, settings: settings) }
        #expect(!value.requiresGradient)
        #expect(try value.item() == (try ropLoss(student: leaf, teacher: teacher, settings: settings).item()))
    }

    /// Forward + backward of ROP with `TOPK` = batch (upstream configs: 256), fused against
    /// upstream's formulation; size from `AIRS_RKD_ROP_BENCH` (see `benchmarkSize`).
    @Test func stepTimeAgainstUpstream() throws {
        let (b, d) = benchmarkSize()
        let (student, teacher) = (
            randomTensor([b, d], seed: 3).cast(to: .float32), randomTensor([b, d], seed: 4).cast(to: .float32)
        )
        var settings = try ROP.Settings.defaults
        settings.topK = b
        let (valueError, gradientError) = try UpstreamRelations.differences(
            at: student, timing: "ROP step B=TOPK=\(b) D=\(d) float32",
            fused: { try ropLoss(student: $0, teacher: teacher, settings: settings) },
            upstream: { try UpstreamRelations.rop(student: $0, teacher: teacher, settings: settings) })
        #expect(
            valueError < 1e-12 && gradientError < 1e-12, "off by \(valueError) in value, \(gradientError) in gradient")
    }
}

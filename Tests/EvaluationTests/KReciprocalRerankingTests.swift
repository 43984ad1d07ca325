import Foundation
import TensorEngine
import TestSupport
import Testing

@testable import Evaluation

/// The sparse re-ranking against a dense, literal transcription of spec §5.
@Suite struct KReciprocalRerankingTests {
    func reference(_ x: [[Float]], queryCount: Int, k1: Int, k2: Int, lambda: Float) -> [[Float]] {
        let n = x.count
        func dot(_ a: Int, _ b: Int) -> Float {
            var sum: Float = 0
            for k in 0..<x[a].count { sum += x[a][k] * x[b][k] }
            return sum
        }
        let d: [[Float]] = (0..<n).map { a in (0..<n).map { b in 2 - 2 * dot(a, b) } }
        let scaled = d.map { row in row.map { $0 / row.max()! } }
        let rank = scaled.map { DistanceMatrix.ranking(of: $0) }
        func k(_ a: Int, _ size: Int) -> [Int] {
            rank[a].prefix(size + 1).filter { rank[$0].prefix(size + 1).contains(a) }
        }
        var v = [[Float]](repeating: [Float](repeating: 0, count: n), count: n)
        for a in 0..<n {
            let r = k(a, k1)
            var expanded = r
            for c in r {
                let candidates = k(c, Int((Double(k1) / 2).rounded(.toNearestOrEven)))
                if Double(candidates.filter(r.contains).count) > 2.0 / 3.0 * Double(candidates.count) {
                    expanded += candidates
                }
            }
            let members = Array(Set(expanded))
            let weights: [Float] = members.map { Float(exp(Double(-scaled[a][$0]))) }
            let total = weights.reduce(0, +)
            for (b, weight) in zip(members, weights) { v[a][b] = weight / total }
        }
        if k2 != 1 {
            let original = v
            for a in 0..<n {
                for c in 0..<n {
                    var sum: Float = 0
                    for b in rank[a].prefix(k2) { sum += original[b][c] }
                    v[a][c] = sum / Float(k2)
                }
            }
        }
        return (0..<queryCount).map { a in
            (queryCount..<n).map { b in
                var s: Float = 0
                for c in 0..<n { s += min(v[a][c], v[b][c]) }
                return (1 - lambda) * (1 - s / (2 - s)) + lambda * scaled[a][b]
            }
        }
    }

    @Test(arguments: [(6, 3), (5, 1)])
    func matchesDenseReference(k1: Int, k2: Int) throws {
        var generator = RandomGenerator(seed: 5)
        let queryCount = 9
        let galleryCount = 23
        let dim = 6
        let rows = (0..<(queryCount + galleryCount)).map { i in
            (0..<dim).map { j in Float(generator.nextNormal()) * 0.4 + (j == i % 4 ? 0.8 : 0) }
        }
        let q = try Tensor(shape: [queryCount, dim], scalars: rows.prefix(queryCount).flatMap { $0 })
        let g = try Tensor(shape: [galleryCount, dim], scalars: rows.suffix(galleryCount).flatMap { $0 })
        let reranked = try KReciprocalReranking(k1: k1, k2: k2, lambda: 0.3).distances(
            queryFeatures: q, galleryFeatures: g)
        #expect(reranked.shape == [queryCount, galleryCount])
        let expected = reference(rows, queryCount: queryCount, k1: k1, k2: k2, lambda: 0.3).flatMap { $0 }
        #expect(maxAbsoluteError(reranked.doubles, expected.map(Double.init)) < 1e-5)
    }

    @Test func rejectsBadSizes() throws {
        let small = try Tensor(shape: [2, 3], scalars: [1, 0, 0, 0, 1, 0])
        #expect { try KReciprocalReranking().distances(queryFeatures: small, galleryFeatures: small) } throws: {
            "\($0)".contains("k1 = 60")
        }
        let wide = try Tensor(shape: [2, 4], scalars: [Float](repeating: 1, count: 8))
        #expect { try KReciprocalReranking(k1: 1).distances(queryFeatures: small, galleryFeatures: wide) } throws: {
            "\($0)".contains("3 dimensions")
        }
    }
}

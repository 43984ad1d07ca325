import TensorEngine
import Testing

@testable import Evaluation

/// The sort-free ranking against a literal transcription of spec §3.2 with a stable argsort,
/// on rows with exact ties and with few and many positives (both counting strategies).
@Suite struct QueryRankerTests {
    /// Spec §3.2 for one row: sorted kept ranks of the positives, or nil when invalid.
    func referenceRanks(_ row: [Float], pid: Int, camid: Int, gallery: RetrievalLabels) -> [Int]? {
        let kept = DistanceMatrix.ranking(of: row).filter { !(gallery.pids[$0] == pid && gallery.camids[$0] == camid) }
        let ranks = kept.indices.filter { gallery.pids[kept[$0]] == pid }
        return ranks.isEmpty ? nil : ranks
    }

    /// 40 ids: a few positives per query (counting); 2 ids: ~100 (binning).
    @Test(arguments: [(40, 4, true), (2, 60, false)])
    func matchesStableArgsortWithTies(identities: Int, cameras: Int, counting: Bool) throws {
        var generator = RandomGenerator(seed: 11)
        let galleryCount = 211
        let queryCount = 9
        let gallery = try RetrievalLabels(
            pids: (0..<galleryCount).map { _ in Int(generator.next() % UInt64(identities)) },
            camids: (0..<galleryCount).map { _ in Int(generator.next() % UInt64(cameras)) })
        let query = try RetrievalLabels(
            pids: (0..<queryCount).map { $0 % (identities + 1) },
            camids: (0..<queryCount).map { $0 % 3 })
        // Distances on a coarse grid, so many exact ties.
        let rows = (0..<queryCount).map { _ in (0..<galleryCount).map { _ in Float(generator.next() % 7) / 4 } }
        let ranker = QueryRanker(query: query, gallery: gallery, topK: 5)
        for (q, row) in rows.enumerated() {
            let result = row.withUnsafeBufferPointer { ranker.rank(query: q, distances: $0.baseAddress!) }
            let expected = referenceRanks(row, pid: query.pids[q], camid: query.camids[q], gallery: gallery)
            if result.isValid { #expect((result.positives <= QueryRanker.countingLimit) == counting, "query \(q)") }
            #expect(result.firstHitRank == expected?.first, "query \(q)")
            #expect(result.positives == (expected?.count ?? 0), "query \(q)")
            if let expected {
                let ap =
                    expected.enumerated().map { Double($0.offset + 1) / Double($0.element + 1) }.reduce(0, +)
                    / Double(expected.count)
                #expect(abs((result.averagePrecision ?? -1) - ap) < 1e-12, "query \(q)")
                let inp = Double(expected.count) / Double(expected[expected.count - 1] + 1)
                #expect(abs((result.inverseNegativePenalty ?? -1) - inp) < 1e-12, "query \(q)")
            }
            let keptOrder = DistanceMatrix.ranking(of: row).filter {
                !(gallery.pids[$0] == query.pids[q] && gallery.camids[$0] == query.camids[q])
            }
            #expect(result.topGalleryIndices == Array(keptOrder.prefix(5)), "query \(q)")
            #expect(result.topDistances == result.topGalleryIndices.map { row[$0] }, "query \(q)")
        }
    }
}

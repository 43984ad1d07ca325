import Foundation
import TensorEngine
import TestSupport
import Testing

@testable import Evaluation

/// Upstream's metrics on every golden case, from upstream's distances and end to end.
@Suite struct RetrievalEvaluatorTests {
    let cases: [GoldenEvalCase]

    init() throws { cases = try GoldenEvalCase.all() }

    @Test func goldenCasesArePresent() {
        #expect(!cases.isEmpty, "no golden files under \(goldenDirectory().path)/eval")
    }

    @Test func metricsFromUpstreamDistances() throws {
        for golden in cases {
            for (metric, expected) in golden.results {
                let distances = try Tensor(
                    shape: [expected.distances.count, golden.gallery.count],
                    scalars: expected.distances.flatMap { $0.map { Float($0) } })
                let evaluator = try RetrievalEvaluator(options: EvaluationOptions(metric: metric, queryChunk: 7))
                let result = try evaluator.evaluate(distances: distances, query: golden.query, gallery: golden.gallery)
                check(result, against: expected, golden: golden, label: "\(golden.name) \(metric) from distmat")
            }
        }
    }

    @Test func metricsFromFeatures() throws {
        for golden in cases {
            for (metric, expected) in golden.results {
                for threads in [1, 2] {
                    let options = EvaluationOptions(
                        metric: metric, topK: golden.gallery.count, queryChunk: 7, threads: threads)
                    let result = try RetrievalEvaluator(options: options).evaluate(
                        queryFeatures: golden.queryFeatures, galleryFeatures: golden.galleryFeatures,
                        query: golden.query, gallery: golden.gallery)
                    let label = "\(golden.name) \(metric) end to end, \(threads) threads"
                    check(result, against: expected, golden: golden, label: label)
                    // With topK = gallery size the kept list is the whole ranking after removal.
                    for (row, query) in result.queries.enumerated() {
                        let kept = expected.ranking[row].filter {
                            !(golden.gallery.pids[$0] == golden.query.pids[row]
                                && golden.gallery.camids[$0] == golden.query.camids[row])
                        }
                        #expect(query.topGalleryIndices == kept, "\(label): ranking of query \(row)")
                    }
                }
            }
        }
    }

    @Test func distancesAndRankingsMatchUpstream() throws {
        for golden in cases {
            for (metric, expected) in golden.results {
                let computed = try DistanceMatrix.compute(
                    queryFeatures: golden.queryFeatures,
                    galleryFeatures: golden.galleryFeatures, metric: metric)
                let values = computed.scalars
                let columns = golden.gallery.count
                let galleryNorms = try golden.galleryFeatures.square().sum(axes: [1]).doubles
                let queryNorms = try golden.queryFeatures.square().sum(axes: [1]).doubles
                for row in 0..<expected.distances.count {
                    let line = Array(values[(row * columns)..<((row + 1) * columns)])
                    for column in 0..<columns {
                        let scale = metric == .cosine ? 1 : queryNorms[row] + galleryNorms[column]
                        #expect(
                            abs(Double(line[column]) - expected.distances[row][column]) <= 1e-5 * scale,
                            "\(golden.name) \(metric) d[\(row)][\(column)]")
                    }
                    #expect(
                        DistanceMatrix.ranking(of: line) == expected.ranking[row], "\(golden.name) \(metric) row \(row)"
                    )
                }
            }
        }
    }

    private func check(
        _ result: EvaluationResult, against expected: GoldenEvalCase.Expected,
        golden: GoldenEvalCase, label: String
    ) {
        #expect(result.queries.map(\.isValid) == expected.validQuery, "\(label): valid queries")
        #expect(result.validQueryCount == expected.validCount, "\(label): valid count")
        #expect(result.cmc.count == golden.maxRank, "\(label): CMC length")
        #expect(maxAbsoluteError(result.cmc, expected.cmc) <= 1e-6, "\(label): CMC")
        #expect(abs(result.meanAveragePrecision - expected.mAP) <= 1e-6, "\(label): mAP")
        #expect(abs(result.meanInverseNegativePenalty - expected.mINP) <= 1e-6, "\(label): mINP")
        #expect(result.averagePrecisions.count == expected.allAP.count, "\(label): AP count")
        if result.averagePrecisions.count == expected.allAP.count {
            #expect(maxAbsoluteError(result.averagePrecisions, expected.allAP) <= 1e-6, "\(label): all AP")
            #expect(maxAbsoluteError(result.inverseNegativePenalties, expected.allINP) <= 1e-6, "\(label): all INP")
        }
    }
}

import TensorEngine
import Testing

@testable import Evaluation

@Suite struct EvaluationBenchmarkTests {
    @Test func runsAndReportsMemory() throws {
        let first = try EvaluationBenchmark.run(
            queries: 40, gallery: 90, dim: 8, threads: 2, identities: 9, queryChunk: 16)
        let again = try EvaluationBenchmark.run(
            queries: 40, gallery: 90, dim: 8, threads: 1, identities: 9, queryChunk: 7)
        #expect(first.seconds > 0)
        #expect(first.peakRSSBytes > 1 << 20, "VmHWM read from /proc/self/status")
        #expect(first.meanAveragePrecision == again.meanAveragePrecision, "same seed, any split: same metrics")
        #expect(first.meanAveragePrecision > 0.2, "clustered ids are retrievable")
        #expect(throws: EvaluationError.self) {
            try EvaluationBenchmark.run(queries: 0, gallery: 5, dim: 4, threads: 1)
        }
    }

    /// Chunking and threads change nothing: every split equals the full-matrix evaluation.
    @Test func chunkedEqualsFullMatrix() throws {
        var generator = RandomGenerator(seed: 3)
        let queries = 37
        let gallery = 101
        let dim = 5
        let q = Tensor.randomNormal([queries, dim], using: &generator)
        let g = Tensor.randomNormal([gallery, dim], using: &generator)
        let queryLabels = try RetrievalLabels(pids: (0..<queries).map { $0 % 6 }, camids: (0..<queries).map { $0 % 2 })
        let galleryLabels = try RetrievalLabels(
            pids: (0..<gallery).map { $0 % 7 }, camids: (0..<gallery).map { $0 % 3 })
        for metric in DistanceMetric.allCases {
            let full = try RetrievalEvaluator(options: EvaluationOptions(metric: metric, queryChunk: queries)).evaluate(
                distances: DistanceMatrix.compute(queryFeatures: q, galleryFeatures: g, metric: metric),
                query: queryLabels, gallery: galleryLabels)
            for (chunk, threads) in [(1, 2), (5, 2), (16, 1), (1000, 2)] {
                let options = EvaluationOptions(metric: metric, queryChunk: chunk, threads: threads)
                let chunked = try RetrievalEvaluator(options: options).evaluate(
                    queryFeatures: q, galleryFeatures: g, query: queryLabels, gallery: galleryLabels)
                #expect(chunked == full, "\(metric), chunk \(chunk), \(threads) threads")
            }
        }
    }
}

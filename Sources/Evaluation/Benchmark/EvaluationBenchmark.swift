import Foundation
import TensorEngine

/// The `airs-bench eval` workload: synthetic features with clustered ids, evaluated end to end.
public enum EvaluationBenchmark {
    /// What one benchmark run measured.
    public struct Measurement: Sendable {
        /// Wall-clock seconds for distances + ranking + mAP + CMC (feature generation excluded).
        public let seconds: Double
        /// Peak resident memory of the process so far (`VmHWM`), in bytes; 0 where unavailable.
        public let peakRSSBytes: Int
        /// The metrics, so the run can be checked against another implementation.
        public let meanAveragePrecision: Double
        /// Recall@1.
        public let rank1: Double
    }

    /// Generates `queries` and `gallery` features of width `dim` around `identities` random
    /// centres (`centre + 3·noise`, like `perf/retrieval_eval_bench.py`), random camera ids in
    /// 0..<8, and evaluates them with cosine distance on `threads` threads (with k-reciprocal
    /// re-ranking first when `reranking`, bounded by `KReciprocalReranking.itemLimit`).
    public static func run(
        queries: Int, gallery: Int, dim: Int, threads: Int, identities: Int? = nil,
        queryChunk: Int = 512, reranking: Bool = false, seed: UInt64 = 0
    ) throws -> Measurement {
        guard queries > 0 else { throw EvaluationError.empty(role: "query") }
        guard gallery > 0 else { throw EvaluationError.empty(role: "gallery") }
        guard dim > 0 else { throw EvaluationError.invalidOption(name: "dim", value: dim, requirement: "at least 1") }
        let idCount = max(1, identities ?? gallery / 10)
        var generator = RandomGenerator(seed: seed)
        let centres = (0..<(idCount * dim)).map { _ in Float(generator.nextNormal()) }
        func side(_ count: Int) throws -> (Tensor, RetrievalLabels) {
            let pids = (0..<count).map { _ in Int(generator.next() % UInt64(idCount)) }
            let camids = (0..<count).map { _ in Int(generator.next() % 8) }
            let features = Tensor.makeFloats([count, dim]) { values in
                for row in 0..<count {
                    let centre = pids[row] * dim
                    for column in 0..<dim {
                        values[row * dim + column] = centres[centre + column] + 3 * Float(generator.nextNormal())
                    }
                }
            }
            return (features, try RetrievalLabels(pids: pids, camids: camids))
        }
        let (queryFeatures, queryLabels) = try side(queries)
        let (galleryFeatures, galleryLabels) = try side(gallery)
        let evaluator = try RetrievalEvaluator(options: EvaluationOptions(queryChunk: queryChunk, threads: threads))
        let start = DispatchTime.now().uptimeNanoseconds
        let result =
            reranking
            ? try evaluator.evaluate(
                distances: KReciprocalReranking().distances(
                    queryFeatures: queryFeatures, galleryFeatures: galleryFeatures),
                query: queryLabels, gallery: galleryLabels, reranked: true)
            : try evaluator.evaluate(
                queryFeatures: queryFeatures, galleryFeatures: galleryFeatures,
                query: queryLabels, gallery: galleryLabels)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Measurement(
            seconds: seconds, peakRSSBytes: peakResidentBytes(),
            meanAveragePrecision: result.meanAveragePrecision, rank1: result.rank(1) ?? 0)
    }

    /// `VmHWM` from `/proc/self/status` in bytes, or 0 when the file is absent (non-Linux).
    public static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kilobytes * 1024
        }
        return 0
    }
}

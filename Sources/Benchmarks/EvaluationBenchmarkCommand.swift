import Evaluation
import TensorEngine

/// `airs-bench eval --queries Q --gallery G --dim D --threads T [--chunk C] [--ids N] [--rerank 1]`:
/// distances + ranking + mAP + CMC from random features; peak memory, then `seconds=…` last.
struct EvaluationBenchmarkCommand {
    let options: Options

    init(_ options: Options) { self.options = options }

    func run() throws {
        let threads = try options.integer("threads", default: Parallelism.threads)
        Parallelism.setThreads(threads)
        let identities = try options.string("ids").map { _ in try options.integer("ids", default: 1) }
        let measurement = try EvaluationBenchmark.run(
            queries: try options.integer("queries", default: 10_000), gallery: try options.integer("gallery", default: 10_000),
            dim: try options.integer("dim", default: 512), threads: threads, identities: identities,
            queryChunk: try options.integer("chunk", default: 512), reranking: try options.integer("rerank", default: 0) != 0)
        print("mAP=\(measurement.meanAveragePrecision)")
        print("R1=\(measurement.rank1)")
        print("peak_rss_mb=\(measurement.peakRSSBytes / 1_048_576)")
        print("seconds=\(measurement.seconds)")
    }
}

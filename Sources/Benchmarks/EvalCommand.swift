import Evaluation
import TensorEngine

/// `airs-bench eval --queries Q --gallery G --dim D --threads T [--chunk C] [--ids N] [--rerank 1]`:
/// prints `seconds=… peak_rss_mb=…` for distances + ranking + mAP + CMC from features.
func runEvalCommand(_ arguments: [String]) throws {
    var values: [String: Int] = [:]
    var index = 0
    while index + 1 < arguments.count, arguments[index].hasPrefix("--") {
        values[String(arguments[index].dropFirst(2))] = Int(arguments[index + 1])
        index += 2
    }
    let threads = values["threads"] ?? Parallelism.threads
    Parallelism.setThreads(threads)
    let measurement = try EvaluationBenchmark.run(
        queries: values["queries"] ?? 10_000, gallery: values["gallery"] ?? 10_000, dim: values["dim"] ?? 512,
        threads: threads, identities: values["ids"], queryChunk: values["chunk"] ?? 512,
        reranking: (values["rerank"] ?? 0) != 0)
    print("mAP=\(measurement.meanAveragePrecision) R1=\(measurement.rank1)")
    print("seconds=\(measurement.seconds) peak_rss_mb=\(measurement.peakRSSBytes / 1_048_576)")
}

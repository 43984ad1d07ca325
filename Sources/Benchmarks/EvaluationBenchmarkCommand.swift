import ArgumentParser
import Evaluation
import TensorEngine

/// `airs-bench eval --queries Q --gallery G --dim D --threads T [--chunk C] [--ids N] [--rerank]`:
/// distances + ranking + mAP + CMC from random features; peak memory, then `seconds=…` last.
struct EvaluationBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Retrieval evaluation (distances, ranking, mAP, CMC) on random features.")

    @Option(help: "Query features.")
    var queries = 10_000

    @Option(help: "Gallery features.")
    var gallery = 10_000

    @Option(help: "Feature width.")
    var dim = 512

    @Option(help: "Threads (default: the machine's cores).")
    var threads = Parallelism.threads

    @Option(help: "Queries ranked per block.")
    var chunk = 512

    @Option(help: "Identities among the features (default: one per gallery image).")
    var ids: Int?

    @Flag(help: "Add k-reciprocal re-ranking.")
    var rerank = false

    func validate() throws {
        try requirePositive([
            "queries": queries, "gallery": gallery, "dim": dim, "threads": threads, "chunk": chunk, "ids": ids ?? 1,
        ])
    }

    func run() throws {
        Parallelism.setThreads(threads)
        let measurement = try EvaluationBenchmark.run(
            queries: queries, gallery: gallery, dim: dim, threads: threads, identities: ids,
            queryChunk: chunk, reranking: rerank)
        print("mAP=\(measurement.meanAveragePrecision)")
        print("R1=\(measurement.rank1)")
        print("peak_rss_mb=\(measurement.peakRSSBytes / 1_048_576)")
        print("seconds=\(measurement.seconds)")
    }
}

import TensorEngine

/// How an evaluation runs: the metric, what is kept per query, and how the work is split.
public struct EvaluationOptions: Sendable, Equatable {
    /// Distance between query and gallery features.
    public var metric: DistanceMetric
    /// CMC length before clamping to the gallery size; upstream's effective value is 50.
    public var maxRank: Int
    /// Nearest kept gallery items remembered per query, for ranked lists.
    public var topK: Int
    /// Queries whose distance rows exist at once (`queryChunk × gallery` floats).
    public var queryChunk: Int
    /// Worker threads for GEMM and ranking.
    public var threads: Int

    /// Upstream's defaults: cosine, CMC to rank 50.
    public init(
        metric: DistanceMetric = .cosine, maxRank: Int = 50, topK: Int = 10, queryChunk: Int = 512,
        threads: Int = Parallelism.threads
    ) {
        self.metric = metric
        self.maxRank = maxRank
        self.topK = topK
        self.queryChunk = queryChunk
        self.threads = threads
    }

    /// Throws the first option outside its range.
    func validate() throws {
        if maxRank < 1 {
            throw EvaluationError.invalidOption(name: "maxRank", value: maxRank, requirement: "at least 1")
        }
        if topK < 0 { throw EvaluationError.invalidOption(name: "topK", value: topK, requirement: "0 or more") }
        if queryChunk < 1 {
            throw EvaluationError.invalidOption(name: "queryChunk", value: queryChunk, requirement: "at least 1")
        }
        if threads < 1 {
            throw EvaluationError.invalidOption(name: "threads", value: threads, requirement: "at least 1")
        }
    }
}

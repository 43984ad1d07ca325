/// What the evaluation keeps about one query: its metrics and its best-ranked gallery items.
public struct QueryResult: Sendable, Equatable {
    /// The query's row in the query features.
    public let query: Int
    /// Gallery positives left after removing same-id-same-camera items (`R_i`); 0 makes the
    /// query invalid (skipped by every average, as upstream does).
    public let positives: Int
    /// 0-based rank of the first positive among the kept gallery items; `nil` when invalid.
    public let firstHitRank: Int?
    /// Average precision over all positives; `nil` when invalid.
    public let averagePrecision: Double?
    /// Inverse negative penalty `R_i / (rank of the hardest positive + 1)`; `nil` when invalid.
    public let inverseNegativePenalty: Double?
    /// The nearest kept gallery items (same-id-same-camera items removed), nearest first.
    public let topGalleryIndices: [Int]
    /// Distances of `topGalleryIndices`, same order.
    public let topDistances: [Float]

    /// Whether the query has at least one positive and so counts in the averages.
    public var isValid: Bool { positives > 0 }

    /// Creates a result; the evaluator builds these, tests and loaders may too.
    public init(
        query: Int, positives: Int, firstHitRank: Int?, averagePrecision: Double?,
        inverseNegativePenalty: Double?, topGalleryIndices: [Int], topDistances: [Float]
    ) {
        self.query = query
        self.positives = positives
        self.firstHitRank = firstHitRank
        self.averagePrecision = averagePrecision
        self.inverseNegativePenalty = inverseNegativePenalty
        self.topGalleryIndices = topGalleryIndices
        self.topDistances = topDistances
    }
}

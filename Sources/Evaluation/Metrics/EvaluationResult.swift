import Foundation

/// The outcome of one evaluation: upstream's aggregate metrics plus every query's own result.
public struct EvaluationResult: Sendable, Equatable {
    /// The distance the ranking used.
    public let metric: DistanceMetric
    /// Whether the distances were k-reciprocal re-ranked.
    public let reranked: Bool
    /// CMC curve, `cmc[k]` = share of valid queries whose first hit is within rank k (0-based);
    /// `min(maxRank, gallery)` long; float32 values as upstream computes them.
    public let cmc: [Double]
    /// Mean over valid queries of the all-positives average precision.
    public let meanAveragePrecision: Double
    /// Mean over valid queries of the inverse negative penalty.
    public let meanInverseNegativePenalty: Double
    /// Queries with at least one positive.
    public let validQueryCount: Int
    /// One result per query, in query order (invalid ones included, flagged).
    public let queries: [QueryResult]

    /// Aggregates per-query results as upstream's `eval_func` does: invalid queries skipped,
    /// CMC summed and divided in float32, AP and INP averaged in float64.
    public init(metric: DistanceMetric, reranked: Bool, queries: [QueryResult], maxRank: Int) throws {
        var hitsWithin = [Int](repeating: 0, count: maxRank)
        var apSum = 0.0
        var inpSum = 0.0
        var valid = 0
        for query in queries {
            guard let first = query.firstHitRank, let ap = query.averagePrecision,
                let inp = query.inverseNegativePenalty
            else { continue }
            valid += 1
            apSum += ap
            inpSum += inp
            if first < maxRank { hitsWithin[first] += 1 }
        }
        guard valid > 0 else { throw EvaluationError.noValidQuery(queries: queries.count) }
        var running = 0
        cmc = hitsWithin.map { count in
            running += count
            return Double(Float(running) / Float(valid))
        }
        meanAveragePrecision = apSum / Double(valid)
        meanInverseNegativePenalty = inpSum / Double(valid)
        validQueryCount = valid
        self.metric = metric
        self.reranked = reranked
        self.queries = queries
    }

    /// `cmc[k − 1]` (Recall@k), or `nil` when the curve is shorter than `k`.
    public func rank(_ k: Int) -> Double? {
        k >= 1 && k <= cmc.count ? cmc[k - 1] : nil
    }

    /// Average precision of each valid query, in query order (upstream's `all_AP`).
    public var averagePrecisions: [Double] { queries.compactMap(\.averagePrecision) }

    /// Inverse negative penalty of each valid query, in query order (upstream's `all_INP`).
    public var inverseNegativePenalties: [Double] { queries.compactMap(\.inverseNegativePenalty) }

    /// The `count` valid queries with the lowest average precision, worst first (ties by query).
    public func worstQueries(_ count: Int) -> [QueryResult] {
        let valid = queries.filter(\.isValid)
        let sorted = valid.sorted {
            ($0.averagePrecision ?? 0, $0.query) < ($1.averagePrecision ?? 0, $1.query)
        }
        return Array(sorted.prefix(max(0, count)))
    }

    /// The block upstream logs after inference (spec §4).
    public var report: String {
        var lines = ["Validation Results ", "mAP: \(percent(meanAveragePrecision))"]
        for k in [1, 5, 10] {
            guard let value = rank(k) else { continue }
            lines.append(
                "CMC curve, Rank-\(String(k).padding(toLength: 3, withPad: " ", startingAt: 0)):\(percent(value))")
        }
        return lines.joined(separator: "\n")
    }

    /// The line upstream appends to `out/test_acc.txt` (spec §4, spacing as upstream).
    public var testAccuracyLine: String {
        let prefix = reranked ? "[With Re-Ranking] " : "[Without Re-Ranking]"
        func r(_ k: Int) -> String { rank(k).map(percent) ?? "n/a" }
        return "\(prefix)mAP: \(percent(meanAveragePrecision)), mINP: \(percent(meanInverseNegativePenalty)), "
            + "rank1: \(r(1)) rank5: \(r(5)) rank10: \(r(10))"
    }

    private func percent(_ value: Double) -> String { String(format: "%.2f%%", value * 100) }
}

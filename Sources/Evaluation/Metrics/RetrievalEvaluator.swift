import Foundation
import TensorEngine

/// Evaluates retrieval under upstream's Market-1501 protocol in bounded memory.
///
/// Queries are processed `options.queryChunk` at a time: one GEMM gives the chunk's distance
/// rows, then each row is ranked on its own (`QueryRanker`); `options.threads` workers take the
/// next chunk as they finish one (the cores are shared, so static splits leave one idle). Peak memory is the features, one normalised gallery copy (cosine) and one
/// `queryChunk × gallery` block per worker — never the full `queries × gallery` matrix.
/// OpenBLAS is set to one thread while an evaluation runs (restored to `Parallelism.threads`).
public struct RetrievalEvaluator: Sendable {
    /// The settings every evaluation of this evaluator uses.
    public let options: EvaluationOptions

    /// An evaluator with validated options.
    public init(options: EvaluationOptions = EvaluationOptions()) throws {
        try options.validate()
        self.options = options
    }

    /// Evaluates query features against gallery features.
    ///
    /// - Parameters:
    ///   - queryFeatures: `[queries, dim]` (student embeddings in the asymmetric setting).
    ///   - galleryFeatures: `[gallery, dim]` (teacher embeddings, or the student's for Vanilla).
    ///   - query: ids and camera ids of the queries, in row order.
    ///   - gallery: ids and camera ids of the gallery, in row order.
    public func evaluate(
        queryFeatures: Tensor, galleryFeatures: Tensor, query: RetrievalLabels,
        gallery: RetrievalLabels
    ) throws -> EvaluationResult {
        let queries = try FeatureMatrix(queryFeatures, role: "query features")
        let galleryMatrix = try FeatureMatrix(galleryFeatures, role: "gallery features")
        try checkCounts(query: query, gallery: gallery, queryRows: queries.rows, galleryRows: galleryMatrix.rows)
        let block = try DistanceBlock(metric: options.metric, queries: queries, gallery: galleryMatrix)
        let ranker = QueryRanker(query: query, gallery: gallery, topK: options.topK)
        let galleryCount = galleryMatrix.rows
        let queryCount = queries.rows
        let chunk = min(options.queryChunk, queryCount)
        let chunks = (queryCount + chunk - 1) / chunk
        let workers = min(options.threads, chunks)
        var results = Array(repeating: QueryResult.placeholder, count: queryCount)
        // Each worker owns its block buffers and runs single-threaded GEMMs on its own chunks,
        // then ranks them: no thread pool hand-off between GEMM and ranking, and no OpenBLAS
        // threads spinning while the ranking runs.
        let queue = ChunkQueue(count: chunks)
        results.withUnsafeMutableBufferPointer { output in
            let out = UncheckedSendable(output)
            BLAS.parallelSingleThreaded(workers: workers) { _ in
                var rows = [Float](repeating: 0, count: chunk * galleryCount)
                var scratch = [Float](repeating: 0, count: chunk * block.dim)
                rows.withUnsafeMutableBufferPointer { rowBuffer in
                    scratch.withUnsafeMutableBufferPointer { scratchBuffer in
                        guard let rowBase = rowBuffer.baseAddress, let work = scratchBuffer.baseAddress else { return }
                        while let index = queue.next() {
                            let start = index * chunk
                            let end = min(start + chunk, queryCount)
                            do {
                                try block.compute(queries: start, end, into: rowBase, scratch: work)
                            } catch {
                                queue.fail(error)
                                return
                            }
                            for query in start..<end {
                                out.value[query] = ranker.rank(
                                    query: query, distances: rowBase + (query - start) * galleryCount)
                            }
                        }
                    }
                }
            }
        }
        if let error = queue.error { throw error }
        return try EvaluationResult(
            metric: options.metric, reranked: false, queries: results,
            maxRank: min(options.maxRank, galleryCount))
    }

    /// Evaluates a precomputed `[queries, gallery]` distance matrix (smaller is nearer), e.g.
    /// upstream's or a re-ranked one. `reranked` only labels the result.
    public func evaluate(
        distances: Tensor, query: RetrievalLabels, gallery: RetrievalLabels,
        reranked: Bool = false
    ) throws -> EvaluationResult {
        let matrix = try FeatureMatrix(distances, role: "distance matrix")
        try checkCounts(query: query, gallery: gallery, queryRows: matrix.rows, galleryRows: matrix.columns)
        let ranker = QueryRanker(query: query, gallery: gallery, topK: options.topK)
        var results = Array(repeating: QueryResult.placeholder, count: matrix.rows)
        try matrix.withPointer { base in
            rank(0, matrix.rows, rows: base, rowLength: matrix.columns, ranker: ranker, into: &results)
        }
        return try EvaluationResult(
            metric: options.metric, reranked: reranked, queries: results,
            maxRank: min(options.maxRank, matrix.columns))
    }

    /// Ranks queries `start..<end`, whose rows start at `rows`, in parallel.
    private func rank(
        _ start: Int, _ end: Int, rows: UnsafePointer<Float>, rowLength: Int, ranker: QueryRanker,
        into results: inout [QueryResult]
    ) {
        let count = end - start
        let workers = min(options.threads, count)
        let share = (count + workers - 1) / workers
        results.withUnsafeMutableBufferPointer { output in
            let out = UncheckedSendable(output)
            concurrentPerform(iterations: workers) { worker in
                let first = worker * share
                let last = min(count, first + share)
                for offset in stride(from: first, to: last, by: 1) {
                    out.value[start + offset] = ranker.rank(query: start + offset, distances: rows + offset * rowLength)
                }
            }
        }
    }

    private func checkCounts(query: RetrievalLabels, gallery: RetrievalLabels, queryRows: Int, galleryRows: Int) throws
    {
        if query.count != queryRows {
            throw EvaluationError.countMismatch(role: "query", features: queryRows, labels: "ids", count: query.count)
        }
        if gallery.count != galleryRows {
            throw EvaluationError.countMismatch(
                role: "gallery", features: galleryRows, labels: "ids", count: gallery.count)
        }
    }
}

extension QueryResult {
    /// Filler for preallocated result arrays; every slot is overwritten before use.
    static let placeholder = QueryResult(
        query: -1, positives: 0, firstHitRank: nil, averagePrecision: nil,
        inverseNegativePenalty: nil, topGalleryIndices: [], topDistances: [])
}

/// Hands out chunk indices to parallel workers and keeps the first error, which stops the
/// hand-out.
final class ChunkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private var issued = 0
    private var failure: Error?

    init(count: Int) { self.count = count }

    /// The next unprocessed chunk, or nil when all are taken or a worker failed.
    func next() -> Int? {
        lock.withLock {
            guard failure == nil, issued < count else { return nil }
            issued += 1
            return issued - 1
        }
    }

    /// Records `error` unless one is already recorded.
    func fail(_ error: Error) {
        lock.withLock { if failure == nil { failure = error } }
    }

    /// The first recorded error.
    var error: Error? { lock.withLock { failure } }
}

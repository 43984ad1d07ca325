import TensorEngine

/// Query–gallery distances computed a block of query rows at a time, so that the full
/// `[queries, gallery]` matrix never exists.
///
/// Follows upstream `utils/metrics.py` in float32: cosine normalises both sides with
/// `x / max(‖x‖, 1e-12)` and returns `1 − q̂·ĝ`; Euclidean returns the unclamped squared distance
/// `‖q‖² + ‖g‖² − 2 q·g`, computed like upstream's `addmm_(1, -2, …)` as one GEMM with
/// `beta = 1` onto the broadcast norm sums.
struct DistanceBlock: @unchecked Sendable {
    let metric: DistanceMetric
    let queries: FeatureMatrix
    let gallery: FeatureMatrix
    /// Cosine: the unit-normalised gallery rows; Euclidean: empty (the raw rows are used).
    private let normalisedGallery: [Float]
    /// Euclidean: `‖g_j‖²`; cosine: empty.
    private let gallerySquaredNorms: [Float]

    var dim: Int { gallery.columns }

    init(metric: DistanceMetric, queries: FeatureMatrix, gallery: FeatureMatrix) throws {
        guard queries.columns == gallery.columns else {
            throw EvaluationError.dimensionMismatch(queryDim: queries.columns, galleryDim: gallery.columns)
        }
        self.metric = metric
        self.queries = queries
        self.gallery = gallery
        let rows = gallery.rows
        let dim = gallery.columns
        switch metric {
        case .cosine:
            normalisedGallery = try gallery.withPointer { source in
                [Float](unsafeUninitializedCapacity: rows * dim) { buffer, initialised in
                    guard let target = buffer.baseAddress else { return }
                    DistanceBlock.normaliseRows(source, rows: rows, dim: dim, into: target)
                    initialised = rows * dim
                }
            }
            gallerySquaredNorms = []
        case .euclidean:
            normalisedGallery = []
            gallerySquaredNorms = try gallery.withPointer { DistanceBlock.squaredNorms($0, rows: rows, dim: dim) }
        }
    }

    /// Writes the distances of queries `start..<end` to every gallery item into `output`
    /// (`[end − start, gallery]`, row-major). `scratch` holds at least `(end − start) · dim` floats.
    func compute(
        queries start: Int, _ end: Int, into output: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) throws {
        let count = end - start
        let galleryCount = gallery.rows
        let dim = self.dim
        guard count > 0 else { return }
        try queries.withPointer { queryBase in
            let block = queryBase + start * dim
            switch metric {
            case .cosine:
                DistanceBlock.normaliseRows(block, rows: count, dim: dim, into: scratch)
                output.update(repeating: 1, count: count * galleryCount)
                normalisedGallery.withUnsafeBufferPointer { buffer in
                    guard let g = buffer.baseAddress else { return }
                    BLAS.gemm(
                        transposeB: true, m: count, n: galleryCount, k: dim, alpha: -1,
                        a: scratch, lda: dim, b: g, ldb: dim, beta: 1, c: output, ldc: galleryCount)
                }
            case .euclidean:
                let queryNorms = DistanceBlock.squaredNorms(block, rows: count, dim: dim)
                for row in 0..<count {
                    let line = output + row * galleryCount
                    for column in 0..<galleryCount { line[column] = queryNorms[row] + gallerySquaredNorms[column] }
                }
                try gallery.withPointer { g in
                    BLAS.gemm(
                        transposeB: true, m: count, n: galleryCount, k: dim, alpha: -2,
                        a: block, lda: dim, b: g, ldb: dim, beta: 1, c: output, ldc: galleryCount)
                }
            }
        }
    }

    /// `x / max(‖x‖₂, 1e-12)` per row (`F.normalize`), norm accumulated in double and rounded
    /// to float32 like the float32 reduction upstream.
    static func normaliseRows(
        _ source: UnsafePointer<Float>, rows: Int, dim: Int, into target: UnsafeMutablePointer<Float>
    ) {
        for row in 0..<rows {
            let x = source + row * dim
            let y = target + row * dim
            var sum: Double = 0
            for column in 0..<dim { sum += Double(x[column]) * Double(x[column]) }
            let norm = max(Float(sum.squareRoot()), 1e-12)
            for column in 0..<dim { y[column] = x[column] / norm }
        }
    }

    /// `‖x_i‖²` per row, in float32.
    static func squaredNorms(_ source: UnsafePointer<Float>, rows: Int, dim: Int) -> [Float] {
        (0..<rows).map { row in
            let x = source + row * dim
            var sum: Double = 0
            for column in 0..<dim { sum += Double(x[column]) * Double(x[column]) }
            return Float(sum)
        }
    }
}

/// Where this rank's samples sit in the global batch of a data-parallel step. Random masks
/// drawn per sample or element (dropout, drop path) are drawn for the whole global batch from
/// the layer's generator and this rank keeps its rows: the masks, and the generator's next
/// state, are then those of the single-process run.
public struct GlobalBatchRows: Sendable, Equatable {
    /// This rank's first sample in the global batch.
    public let offset: Int
    /// This rank's sample count.
    public let local: Int
    /// The global batch's sample count.
    public let total: Int

    @TaskLocal static var current: GlobalBatchRows?

    /// The rows of rank `rank` when rank r holds `rows[r]` samples.
    public init(rows: [Int], rank: Int) {
        offset = rows[..<rank].reduce(0, +)
        local = rows[rank]
        total = rows.reduce(0, +)
    }
}

extension Tensor {
    /// Runs `body` (a network's forward on this rank's share) with random masks drawn for the
    /// global batch whose rows `rows` describes; `body` as is when this rank holds it all.
    public static func withGlobalBatchRows<R>(_ rows: GlobalBatchRows, _ body: () throws -> R) rethrows -> R {
        guard rows.local != rows.total else { return try body() }
        return try GlobalBatchRows.$current.withValue(rows, operation: body)
    }

    /// `randomBernoulli` for a mask whose axis 0 runs over the batch's samples, `k` rows each
    /// (`k` > 1 for windows of a sample): inside `withGlobalBatchRows`, this rank's rows of the
    /// global batch's mask, drawn whole.
    public static func randomBernoulliOverBatch(
        _ shape: [Int], probability: Double, dtype: DType = .float32, using generator: inout RandomGenerator
    ) throws -> Tensor {
        guard let rows = GlobalBatchRows.current, let first = shape.first, rows.local > 0, first % rows.local == 0
        else {
            return randomBernoulli(shape, probability: probability, dtype: dtype, using: &generator)
        }
        let perSample = first / rows.local
        let whole = randomBernoulli(
            [rows.total * perSample] + shape.dropFirst(), probability: probability, dtype: dtype, using: &generator)
        let start = rows.offset * perSample
        return try whole.slice(axis: 0, start..<(start + first)).contiguous()
    }
}

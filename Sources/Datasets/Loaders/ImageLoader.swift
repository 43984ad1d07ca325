import TensorEngine

/// A loader of single-view image batches: the student loader (identity sampler, student-train
/// pipeline) and the query and gallery loaders (sequential, test pipeline), `spec/data.md` §5.
public struct ImageLoader: Sendable {
    /// The records loaded.
    public let records: [ImageRecord]
    /// The pipeline every image goes through.
    public let transform: ImageTransform
    /// How records are ordered into batches each epoch.
    public let order: SamplingOrder
    /// Batch size, seed, threads, prefetch depth, bad-image policy.
    public let settings: LoaderSettings
    /// Images dropped because they could not be decoded (with `skipUndecodable`).
    public let skipped = SkipLog()

    /// A loader with the given order; throws on a non-positive size or batch size.
    public init(records: [ImageRecord], transform: ImageTransform, order: SamplingOrder, settings: LoaderSettings)
        throws
    {
        try transform.validate()
        guard settings.batchSize > 0 else {
            throw DatasetError.invalidSettings(message: "the batch size must be positive; got \(settings.batchSize)")
        }
        self.records = records
        self.transform = transform
        self.order = order
        self.settings = settings
    }

    /// Upstream's student loader: identity sampler with `instances` images per identity.
    public static func student(
        records: [ImageRecord], transform: ImageTransform, instances: Int,
        settings: LoaderSettings
    ) throws -> ImageLoader {
        let sampler = try RandomIdentitySampler(
            labels: records.map(\.pid), batchSize: settings.batchSize, instances: instances)
        return try ImageLoader(records: records, transform: transform, order: .identities(sampler), settings: settings)
    }

    /// A query or gallery loader: dataset order, no drop-last.
    public static func test(records: [ImageRecord], transform: ImageTransform, settings: LoaderSettings) throws
        -> ImageLoader
    {
        try ImageLoader(records: records, transform: transform, order: .sequential, settings: settings)
    }

    /// The dataset indices of every batch of `epoch`.
    public func plan(epoch: Int) -> [[Int]] {
        var rng = RandomGenerator(seed: settings.seed, stream: [UInt64(epoch), 0x1A6E])
        return order.batches(count: records.count, batchSize: settings.batchSize, using: &rng)
    }

    /// Starts producing the batches of `epoch` from `firstBatch` on in the background. Every
    /// rank plans the same global batches; each decodes only its `shares` of every batch.
    public func epoch(_ epoch: Int = 0, startingAt firstBatch: Int = 0, shares: BatchShares = .whole)
        -> BatchStream<ImageBatch>
    {
        let batches = Array(plan(epoch: epoch).dropFirst(firstBatch))
        let assembler = BatchAssembler(settings: settings, views: [transform], skipped: skipped)
        let records = self.records
        return BatchStream(count: batches.count, capacity: settings.prefetch) { index in
            let share = shares.range(of: batches[index].count)
            let chosen = batches[index][share].map { records[$0] }
            let key = [UInt64(epoch), 0x1A6E, UInt64(firstBatch + index)]
            let (tensors, kept) = try assembler.assemble(chosen, streamKey: key, firstPosition: share.lowerBound)
            return ImageBatch(
                images: tensors[0], pids: kept.map(\.pid), camids: kept.map(\.camid), paths: kept.map(\.path))
        }
    }
}

/// Settings shared by the loaders.
public struct LoaderSettings: Sendable, Equatable {
    /// Images per batch.
    public var batchSize: Int
    /// Seed of every random choice (order and augmentation); a stream per epoch, batch and sample
    /// is derived from it, so results do not depend on thread scheduling.
    public var seed: UInt64
    /// Worker threads decoding and augmenting each batch.
    public var threads: Int
    /// Batches made ahead of the consumer.
    public var prefetch: Int
    /// Accept JPEGs whose data ends early (upstream's `LOAD_TRUNCATED_IMAGES`).
    public var allowTruncated: Bool
    /// Drop images that fail to decode from their batch (counted in `skippedImages`) instead of
    /// ending the epoch with an error.
    public var skipUndecodable: Bool

    /// Settings with defaults for everything but the batch size and seed.
    public init(
        batchSize: Int, seed: UInt64, threads: Int = 2, prefetch: Int = 2, allowTruncated: Bool = false,
        skipUndecodable: Bool = false
    ) {
        self.batchSize = batchSize
        self.seed = seed
        self.threads = threads
        self.prefetch = prefetch
        self.allowTruncated = allowTruncated
        self.skipUndecodable = skipUndecodable
    }
}

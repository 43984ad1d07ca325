/// Loader workers and the identity sampler (`DATALOADER.*`).
///
/// A typed view read from a resolved `Config`: reading it checks every key of the section
/// once, so a `None` or mistyped value stops a run before it starts, naming where it was set.
public struct DataLoaderSettings: Sendable, Equatable {
    /// `DATALOADER.NUM_WORKERS`: loader workers.
    public var numWorkers: Int
    /// `DATALOADER.SAMPLER`: 'triplet': identity sampler; 'random': shuffle.
    public var sampler: String
    /// `DATALOADER.NUM_INSTANCE`: images per identity in a student batch (K).
    public var numInstance: Int

    /// Reads every `DATALOADER.*` key of `config`.
    public init(_ config: Config) throws(ConfigError) {
        numWorkers = try config.int("DATALOADER.NUM_WORKERS")
        sampler = try config.string("DATALOADER.SAMPLER")
        numInstance = try config.int("DATALOADER.NUM_INSTANCE")
    }
}

extension Config {
    /// The `DATALOADER` section, typed.
    public var dataLoader: DataLoaderSettings {
        get throws(ConfigError) { try DataLoaderSettings(self) }
    }
}

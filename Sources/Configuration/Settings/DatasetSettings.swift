/// Which benchmark and where it lives (`DATASETS.*`).
///
/// A typed view read from a resolved `Config`: reading it checks every key of the section
/// once, so a `None` or mistyped value stops a run before it starts, naming where it was set.
public struct DatasetSettings: Sendable, Equatable {
    /// `DATASETS.NAMES`: CUB200, InShop, SOP or MSMT17.
    public var names: String
    /// `DATASETS.ROOT_DIR`: folder holding the dataset folders.
    public var rootDirectory: String
    /// `DATASETS.BAD_IMAGES` (AIRS only): `stop` or `skip`, what a run does with images that
    /// fail the header check when the dataset is read.
    public var badImages: String

    /// Reads every `DATASETS.*` key of `config`.
    public init(_ config: Config) throws(ConfigError) {
        names = try config.string("DATASETS.NAMES")
        rootDirectory = try config.string("DATASETS.ROOT_DIR")
        badImages = try config.string("DATASETS.BAD_IMAGES")
    }
}

extension Config {
    /// The `DATASETS` section, typed.
    public var datasets: DatasetSettings {
        get throws(ConfigError) { try DatasetSettings(self) }
    }
}

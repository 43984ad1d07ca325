/// Where a run writes (`OUTPUT_DIR.*`): `ROOT_PATH/EXPERIMENT_NAME`.
///
/// A typed view read from a resolved `Config`: reading it checks every key of the section
/// once, so a `None` or mistyped value stops a run before it starts, naming where it was set.
public struct OutputSettings: Sendable, Equatable {
    /// `OUTPUT_DIR.ROOT_PATH`: output root.
    public var rootPath: String
    /// `OUTPUT_DIR.EXPERIMENT_NAME`: run sub-folder: ROOT_PATH/EXPERIMENT_NAME.
    public var experimentName: String

    /// Reads every `OUTPUT_DIR.*` key of `config`.
    public init(_ config: Config) throws(ConfigError) {
        rootPath = try config.string("OUTPUT_DIR.ROOT_PATH")
        experimentName = try config.string("OUTPUT_DIR.EXPERIMENT_NAME")
    }
}

extension Config {
    /// The `OUTPUT_DIR` section, typed.
    public var outputDirectory: OutputSettings {
        get throws(ConfigError) { try OutputSettings(self) }
    }
}

import Configuration
import Distillers

/// Presents a `Config` to the distillers as their settings source: only keys that differ
/// from the defaults are listed, so every method reads its own section with its defaults.
public struct ConfigDistillerSource: DistillerSettingsSource {
    /// The config being read.
    public let config: Config

    /// Wraps `config`.
    public init(_ config: Config) { self.config = config }

    /// The keys whose values differ from the schema defaults.
    public var settingKeys: [String] { config.changedKeys }

    /// The value at `key`, converted; `None` reads as absent.
    public func settingValue(forKey key: String) -> SettingValue? {
        config[key].flatMap(Self.convert)
    }

    /// Where the values came from, for messages.
    public var settingsOrigin: String { "the config" }

    static func convert(_ value: ConfigValue) -> SettingValue? {
        switch value {
        case .null: return nil
        case let .bool(v): return .bool(v)
        case let .int(v): return .int(v)
        case let .double(v): return .double(v)
        case let .string(v): return .string(v)
        case let .list(items): return .list(items.compactMap(convert))
        }
    }
}

import Configuration

/// One configuration value, as the Configuration module hands it over (YAML scalars and lists).
public enum SettingValue: Equatable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([SettingValue])

    /// `value` as a setting; `None` reads as absent (nil).
    public init?(_ value: ConfigValue) {
        switch value {
        case .null: return nil
        case .bool(let v): self = .bool(v)
        case .int(let v): self = .int(v)
        case .double(let v): self = .double(v)
        case .string(let v): self = .string(v)
        case .list(let items): self = .list(items.compactMap(SettingValue.init))
        }
    }

    /// A short name of the kind of value, for error messages.
    public var kind: String {
        switch self {
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a float"
        case .string: "a string"
        case .list: "a list"
        }
    }

    /// The value as it would be written in a config.
    public var description: String {
        switch self {
        case .bool(let value): "\(value)"
        case .int(let value): "\(value)"
        case .double(let value): "\(value)"
        case .string(let value): "'\(value)'"
        case .list(let values): "[\(values.map(\.description).joined(separator: ", "))]"
        }
    }
}

/// Where the distillers read their settings from: full upstream key paths (`"D3.TOPK"`) to
/// values. The Configuration module conforms its decoded tree to this; a plain dictionary
/// already does.
public protocol DistillerSettingsSource {
    /// Every key present, spelled as upstream (`SECTION.KEY` or `SECTION.SUB.KEY`).
    var settingKeys: [String] { get }
    /// The value at `key`, or `nil` when the key is absent (the default applies).
    func settingValue(forKey key: String) -> SettingValue?
    /// Where the values come from (a file path), named in error messages.
    var settingsOrigin: String { get }
}

extension Dictionary: DistillerSettingsSource where Key == String, Value == SettingValue {
    /// The dictionary's keys.
    public var settingKeys: [String] { Array(keys) }
    /// `self[key]`.
    public func settingValue(forKey key: String) -> SettingValue? { self[key] }
    /// A dictionary has no file; errors say "settings".
    public var settingsOrigin: String { "settings" }
}

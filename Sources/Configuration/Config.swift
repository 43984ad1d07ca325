import Foundation

/// A resolved AIR-Distiller configuration: the defaults, merged with a YAML file, then with
/// `KEY VALUE` overrides, exactly as upstream's yacs does.
///
/// A value type: once built, a `let` config is frozen, as upstream freezes its `cfg`.
/// Values are read by their upstream dotted key (`config.double("SOLVER.BASE_LR")`).
public struct Config: Sendable, Equatable {
    var values: [String: ConfigValue]
    var sources: [String: ConfigSource]

    /// The defaults (`ConfigSchema.entries`).
    public init() {
        values = Dictionary(uniqueKeysWithValues: ConfigSchema.entries.map { ($0.key, $0.defaultValue) })
        sources = Dictionary(uniqueKeysWithValues: ConfigSchema.entries.map { ($0.key, ConfigSource.defaults) })
    }

    /// The defaults merged with the YAML file at `file`, then with `overrides`
    /// (`["SOLVER.BASE_LR", "0.02", …]`) given through `frontEnd`.
    public static func load(
        file: String, overrides: [String] = [],
        from frontEnd: ConfigFrontEnd = .commandLine
    ) throws(ConfigError) -> Config {
        var config = Config()
        try config.merge(file: file)
        try config.merge(overrides: overrides, from: frontEnd)
        return config
    }

    /// The defaults merged with YAML `text` (named `file` in messages), then with `overrides`.
    public static func load(yaml text: String, file: String = "<string>", overrides: [String] = []) throws(ConfigError)
        -> Config
    {
        var config = Config()
        try config.merge(yaml: text, file: file)
        try config.merge(overrides: overrides)
        return config
    }

    /// Two configs are equal when every key holds the same value (where values came from is ignored).
    public static func == (lhs: Config, rhs: Config) -> Bool { lhs.values == rhs.values }

    /// The value of a leaf key, or `nil` for a key that does not exist.
    public subscript(key: String) -> ConfigValue? { values[key] }

    /// Where the value of `key` came from (`nil` for a key that does not exist).
    public func source(of key: String) -> ConfigSource? { sources[key] }

    /// Keys whose value differs from the default, in tree order.
    public var changedKeys: [String] {
        ConfigSchema.entries.filter { values[$0.key] != $0.defaultValue }.map(\.key)
    }

    /// Sets a leaf key at run time with the same type rules as a YAML file or an override.
    public mutating func set(_ key: String, _ value: ConfigValue) throws(ConfigError) {
        try assign(key, .value(value), source: .program)
    }

    /// Checks `object` against the key's type and stores it (yacs's
    /// `_check_and_coerce_cfg_value_type`, with tuples already turned into lists).
    mutating func assign(_ key: String, _ object: PythonObject, source: ConfigSource) throws(ConfigError) {
        guard let entry = ConfigSchema.byKey[key] else {
            if ConfigSchema.isSection(key) {
                throw ConfigError.typeMismatch(
                    key: key, expected: "a section (mapping)", actual: object.typeName,
                    value: object.text, source: source)
            }
            throw ConfigError.unknownKey(key: key, source: source, suggestion: KeySuggestion.nearest(to: key))
        }
        guard case .value(let value) = object, entry.kind.accepts(value) else {
            throw ConfigError.typeMismatch(
                key: key, expected: entry.kind.description, actual: Self.describeType(object),
                value: object.text, source: source)
        }
        values[key] = value
        sources[key] = source
    }

    /// `list of float` for a list, so a message shows which item type was wrong.
    private static func describeType(_ object: PythonObject) -> String {
        guard case .value(.list(let items)) = object else { return object.typeName }
        let types = items.map(\.pythonTypeName).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return types.isEmpty ? "list" : "list of " + types.joined(separator: " and ")
    }

    /// The value of `key`, or an error naming the unknown key and the nearest valid one.
    public func value(_ key: String) throws(ConfigError) -> ConfigValue {
        guard let value = values[key] else {
            throw ConfigError.unknownKey(key: key, source: .program, suggestion: KeySuggestion.nearest(to: key))
        }
        return value
    }
}

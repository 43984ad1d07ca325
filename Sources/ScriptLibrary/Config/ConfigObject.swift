import Configuration
import ScriptLanguage

/// A configuration as a script value (type `Config`): `cfg.SOLVER.BASE_LR` reads a key,
/// `cfg.SOLVER.BASE_LR = 0.02` sets it through `Config.set` (type-checked, errors name the key).
/// Sections are views (`ConfigSection`) that write through to this object.
public final class ConfigObject: HostObject {
    /// The configuration, as changed by the script so far.
    public var config: Config

    /// Wraps `config`.
    public init(_ config: Config) {
        self.config = config
    }

    /// `"Config"`.
    public var typeName: String { "Config" }

    /// The tree with values, as `airs config show` prints it.
    public var description: String { config.show() }

    /// The top-level sections and keys.
    public var attributeNames: [String] { ConfigPaths.children(of: "") }

    /// A section view or a leaf value.
    public func attribute(_ name: String) throws -> Value? { try ConfigPaths.read(self, name) }

    /// Sets a top-level leaf key.
    public func setAttribute(_ name: String, to value: Value) throws -> Bool {
        try ConfigPaths.write(self, name, value)
        return true
    }

    /// Section views by path, so `cfg.SOLVER` is the same object each time (the interpreter then
    /// knows that `cfg.SOLVER.BASE_LR = x` needs no write-back of the section).
    var sections: [String: ConfigSection] = [:]

    /// Sets the leaf `key` (dotted) to a script value, converted to the key's type. A value of
    /// the wrong type is a `type` error and an unknown key an `attribute` error, both naming the key.
    public func set(_ key: String, _ value: Value) throws {
        let converted = try ConfigPaths.configValue(value, for: key)
        do throws(ConfigError) {
            try config.set(key, converted)
        } catch .typeMismatch(let key, let expected, _, _, _) {
            throw ScriptError(
                .type, "config key '\(key)' holds \(expected), not a \(value.typeName) (\(value.repr))",
                hint: "cfg.get(\"\(key)\") shows its current value")
        } catch .unknownKey(let key, _, let suggestion) {
            throw ScriptError(
                .attribute, "there is no config key '\(key)'",
                hint: suggestion.map { "did you mean '\($0)'?" } ?? "cfg.show() lists every key")
        } catch {
            throw error
        }
    }
}

/// A section of a `ConfigObject` (type `ConfigSection`), such as `cfg.SOLVER`.
public final class ConfigSection: HostObject {
    /// The configuration the section belongs to.
    public let owner: ConfigObject
    /// The section's dotted path (`SOLVER`, `RKD.PDIST`).
    public let path: String

    init(owner: ConfigObject, path: String) {
        self.owner = owner
        self.path = path
    }

    /// `"ConfigSection"`.
    public var typeName: String { "ConfigSection" }

    /// The section's keys and values, one per line.
    public var description: String {
        ConfigPaths.children(of: path).map { name in
            let key = path + "." + name
            let text = owner.config[key].map(\.pythonLiteral) ?? "(section)"
            return "\(key): \(text)"
        }.joined(separator: "\n")
    }

    /// The section's keys and subsections.
    public var attributeNames: [String] { ConfigPaths.children(of: path) }

    /// A subsection view or a leaf value.
    public func attribute(_ name: String) throws -> Value? { try ConfigPaths.read(owner, path + "." + name) }

    /// Sets a leaf key of this section.
    public func setAttribute(_ name: String, to value: Value) throws -> Bool {
        try ConfigPaths.write(owner, path + "." + name, value)
        return true
    }
}

/// Dotted-path reads, writes and conversions shared by configs and their sections.
enum ConfigPaths {
    /// The direct children (keys and sections) under `prefix` (`""` for the top level).
    static func children(of prefix: String) -> [String] {
        let start = prefix.isEmpty ? "" : prefix + "."
        var names: [String] = []
        for path in ConfigSchema.sections + ConfigSchema.keys where path.hasPrefix(start) {
            let rest = path.dropFirst(start.count)
            let name = String(rest.prefix { $0 != "." })
            if !name.isEmpty, !names.contains(name) { names.append(name) }
        }
        return names
    }

    static func read(_ owner: ConfigObject, _ key: String) throws -> Value? {
        if ConfigSchema.isSection(key) {
            if let cached = owner.sections[key] { return .host(cached) }
            let section = ConfigSection(owner: owner, path: key)
            owner.sections[key] = section
            return .host(section)
        }
        guard let value = owner.config[key] else { return nil }
        return scriptValue(value)
    }

    static func write(_ owner: ConfigObject, _ key: String, _ value: Value) throws {
        // Writing a section view back onto its own place is the interpreter restoring it.
        if case .host(let section as ConfigSection) = value, section.owner === owner, section.path == key { return }
        try owner.set(key, value)
    }

    static func scriptValue(_ value: ConfigValue) -> Value {
        switch value {
        case .null: return .nil
        case .bool(let b): return .bool(b)
        case .int(let i): return .number(Double(i))
        case .double(let d): return .number(d)
        case .string(let s): return .string(s)
        case .list(let items): return .list(items.map(scriptValue))
        }
    }

    /// `value` as a config value of the type `key` holds, so `BASE_LR = 1` is a float and
    /// `MAX_EPOCHS = 2.5` stays a float that `Config.set` rejects with the key's name.
    static func configValue(_ value: Value, for key: String) throws -> ConfigValue {
        let kind = ConfigSchema.byKey[key]?.kind
        switch value {
        case .nil: return .null
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .number(let n):
            if kind == .double || kind == .numberList { return .double(n) }
            if let i = Value.exactInteger(n) { return .int(i) }
            return .double(n)
        case .list(let items):
            return .list(
                try items.map { item throws in
                    if case .number(let n) = item, kind == .numberList { return .double(n) }
                    return try configValue(item, for: "")
                })
        default:
            throw ScriptError(
                .type, "cannot store a \(value.typeName) in config key '\(key)'",
                hint: "config values are numbers, strings, booleans, nil or lists of them")
        }
    }
}

import Configuration

/// Reads one section of typed settings and rejects keys that were never read.
///
/// A settings initializer asks for each of its keys, then calls `finish()`:
/// ```
/// let reader = SettingsReader(source, section: "D3")
/// topK = try reader.int("TOPK")
/// try reader.finish()
/// ```
/// A key the source does not hold takes its default from `ConfigSchema`, the one table of
/// defaults. A key of this section that no call asked for is an error naming it (and the
/// nearest valid key). Float settings accept integers (yacs' stricter int-vs-float rule is
/// the Configuration module's); integer and boolean settings accept only their own type.
public final class SettingsReader {
    private let source: any DistillerSettingsSource
    /// The section name, without the trailing dot (`"D3"`).
    public let section: String
    private var read: [String] = []

    /// A reader of `section` (`"D3"`, `"EXPERIMENT"`) in `source`.
    public init(_ source: any DistillerSettingsSource, section: String) {
        self.source = source
        self.section = section
    }

    /// A float setting `SECTION.name`.
    public func double(_ name: String) throws -> Double {
        switch try value(name) {
        case .double(let v): return v
        case .int(let v): return Double(v)
        case let other: throw mismatch(name, "a float", other)
        }
    }

    /// An integer setting `SECTION.name`.
    public func int(_ name: String) throws -> Int {
        switch try value(name) {
        case .int(let v): return v
        case let other: throw mismatch(name, "an integer", other)
        }
    }

    /// A boolean setting `SECTION.name`.
    public func bool(_ name: String) throws -> Bool {
        switch try value(name) {
        case .bool(let v): return v
        case let other: throw mismatch(name, "a boolean", other)
        }
    }

    /// A string setting `SECTION.name`.
    public func string(_ name: String) throws -> String {
        switch try value(name) {
        case .string(let v): return v
        case let other: throw mismatch(name, "a string", other)
        }
    }

    /// Marks `SECTION.name` as read elsewhere (device keys in `EXPERIMENT`), so that `finish()`
    /// does not report it.
    public func skip(_ name: String) {
        read.append(name)
    }

    /// An error for a value that breaks the method's range (`message` says what is allowed).
    public func invalid(_ name: String, _ message: String) -> DistillerError {
        .invalidSetting(key: "\(section).\(name)", origin: source.settingsOrigin, message: message)
    }

    /// Throws if the section holds a key that no accessor asked for.
    public func finish() throws {
        let prefix = section + "."
        let known = read.map { prefix + $0 }
        for key in source.settingKeys.sorted() where key.hasPrefix(prefix) && !known.contains(key) {
            throw DistillerError.unknownSetting(key: key, origin: source.settingsOrigin, validKeys: known.sorted())
        }
    }

    /// The source's value of `SECTION.name`, or the schema's default.
    private func value(_ name: String) throws -> SettingValue {
        read.append(name)
        let key = "\(section).\(name)"
        if let value = source.settingValue(forKey: key) { return value }
        guard let entry = ConfigSchema.byKey[key], let value = SettingValue(entry.defaultValue) else {
            throw DistillerError.invalidSetting(
                key: key, origin: source.settingsOrigin,
                message: "has no default: add it to ConfigSchema.entries")
        }
        return value
    }

    private func mismatch(_ name: String, _ expected: String, _ actual: SettingValue) -> DistillerError {
        .wrongSettingType(
            key: "\(section).\(name)", origin: source.settingsOrigin,
            expected: expected, actual: "\(actual.kind) (\(actual))")
    }
}

import Configuration

/// A resolved config is the distillers' settings source: each method reads its own section.
extension Config: DistillerSettingsSource {
    /// The keys whose values differ from the schema defaults (the others need no reading:
    /// `SettingsReader` falls back to the same defaults).
    public var settingKeys: [String] { changedKeys }

    /// The value at `key`; `None` reads as absent.
    public func settingValue(forKey key: String) -> SettingValue? {
        self[key].flatMap(SettingValue.init)
    }

    /// Where the values came from, for messages.
    public var settingsOrigin: String { "the config" }
}

/// One leaf of the configuration tree: its dotted key, default and meaning.
public struct ConfigEntry: Sendable, Hashable {
    /// The dotted upstream key, e.g. `SOLVER.BASE_LR`.
    public let key: String
    /// The upstream default (`AIR_Distiller/config/defaults.py`).
    public let defaultValue: ConfigValue
    /// The type every value of this key must have.
    public let kind: ConfigKind
    /// One line on what the key does (for `show` and shell completion).
    public let help: String
    /// How AIRS consumes the key (drives behaviour, is restricted, or is ignored and why).
    public let usage: ConfigUsage

    init(_ key: String, _ defaultValue: ConfigValue, _ help: String, _ usage: ConfigUsage = .drives) {
        self.key = key
        self.defaultValue = defaultValue
        // Every default is non-null and of a listed kind; `.string` is never reached.
        self.kind = ConfigKind(of: defaultValue) ?? .string
        self.help = help
        self.usage = usage
    }
}

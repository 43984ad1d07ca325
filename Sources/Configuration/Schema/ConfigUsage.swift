/// How AIRS consumes one configuration key: the promise that no key is silently ignored.
///
/// Every `ConfigEntry` declares one. `Config.checkSupported()` refuses, before anything is
/// built, a value that a `.oneOf` or `.defaultOnly` key does not allow; a test walks the whole
/// schema and checks that each `.drives` key changes what `airs train --plan` prints.
public enum ConfigUsage: Sendable, Hashable {
    /// Read by training, testing or evaluation; every value of the key's type is honoured
    /// (or refused with a reason by the code that reads it, e.g. an unknown network name).
    case drives
    /// Honoured for these values only; any other value is refused before training.
    case oneOf([String])
    /// Not implemented by AIRS: the default is honoured, any other value is refused.
    /// `reason` says what is missing.
    case defaultOnly(reason: String)
    /// Has no effect in AIRS, whatever its value; `reason` says why that is faithful.
    case ignored(reason: String)

    /// The values a `.oneOf` key accepts (empty for the other kinds).
    public var supportedValues: [String] {
        if case .oneOf(let values) = self { return values }
        return []
    }
}

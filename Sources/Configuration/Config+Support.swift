extension Config {
    /// Refuses every value AIRS would not honour, as the schema's `usage` declares it: a
    /// `.oneOf` key set outside its list, a `.defaultOnly` key set away from its default. All
    /// such keys are reported at once, each with where it was set. Called before anything is built.
    public func checkSupported() throws(ConfigError) {
        var errors: [ConfigError] = []
        for entry in ConfigSchema.entries {
            guard let value = values[entry.key] else { continue }
            let source = sources[entry.key] ?? .defaults
            switch entry.usage {
            case .drives, .ignored:
                continue
            case .oneOf(let supported):
                guard case .string(let text) = value, supported.contains(text) else {
                    errors.append(
                        .unsupportedValue(
                            key: entry.key, value: value.pythonLiteral, source: source,
                            supported: supported.joined(separator: ", ")))
                    continue
                }
            case .defaultOnly(let reason):
                if value != entry.defaultValue {
                    errors.append(
                        .unsupportedValue(
                            key: entry.key, value: value.pythonLiteral, source: source,
                            supported: "only \(entry.defaultValue.pythonLiteral): \(reason)"))
                }
            }
        }
        if errors.count == 1 { throw errors[0] }
        if !errors.isEmpty { throw .several(errors) }
    }
}

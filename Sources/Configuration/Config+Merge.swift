import Foundation

extension Config {
    /// Merges the YAML file at `file` onto this config (yacs `merge_from_file`).
    public mutating func merge(file: String) throws(ConfigError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ConfigError.unreadableFile(path: file, reason: Self.reason(error))
        }
        try merge(yaml: String(decoding: data, as: UTF8.self), file: file)
    }

    /// Merges YAML `text` onto this config; `file` names it in messages.
    ///
    /// Every unknown key and type mismatch in the text is reported, not only the first.
    public mutating func merge(yaml text: String, file: String) throws(ConfigError) {
        guard let root = try YAMLParser(file: file).parse(text) else { return }
        guard case .mapping(let pairs) = root.content else {
            let found = (try? YAMLScalarResolver(file: file).resolve(root).typeName) ?? "something else"
            throw ConfigError.notAMapping(file: file, line: root.line, column: root.column, found: "a \(found)")
        }
        var errors: [ConfigError] = []
        var merged = self
        try merged.merge(pairs, under: nil, file: file, errors: &errors)
        if errors.count == 1 { throw errors[0] }
        if errors.count > 1 { throw ConfigError.several(errors) }
        self = merged
    }

    /// Merges `KEY VALUE` pairs (yacs `merge_from_list`): values are Python literals when
    /// they parse as one (`0.02`, `True`, `"[128, 128]"`), else plain strings (`CUB200`).
    /// `frontEnd` says where they came from, for the values' sources.
    public mutating func merge(overrides: [String], from frontEnd: ConfigFrontEnd = .commandLine) throws(ConfigError) {
        guard overrides.count % 2 == 0 else { throw ConfigError.unpairedOverride(arguments: overrides) }
        var errors: [ConfigError] = []
        var merged = self
        for index in stride(from: 0, to: overrides.count, by: 2) {
            let raw = overrides[index + 1]
            let object = PythonLiteral.evaluate(raw) ?? .value(.string(raw))
            do {
                let source: ConfigSource =
                    switch frontEnd {
                    case .commandLine: .commandLine(argument: index + 1)
                    case .script(let function): .scriptOverride(function: function)
                    }
                try merged.assign(overrides[index], object, source: source)
            } catch {
                errors.append(error)
            }
        }
        if errors.count == 1 { throw errors[0] }
        if errors.count > 1 { throw ConfigError.several(errors) }
        self = merged
    }

    /// yacs `_merge_a_into_b`: a section must receive a mapping, a leaf a value of its type.
    private mutating func merge(
        _ pairs: [(key: YAMLNode, value: YAMLNode)], under prefix: String?,
        file: String, errors: inout [ConfigError]
    ) throws(ConfigError) {
        let resolver = YAMLScalarResolver(file: file)
        for (keyNode, valueNode) in pairs {
            let keyObject = try resolver.resolve(keyNode)
            // PyYAML keys are Python values too: `ON:` is the bool True, which no section is named.
            let name: String
            if case .value(.string(let text)) = keyObject { name = text } else { name = keyObject.text }
            let key = prefix.map { "\($0).\(name)" } ?? name
            let keySource = ConfigSource.file(path: file, line: keyNode.line, column: keyNode.column)
            let valueSource = ConfigSource.file(path: file, line: valueNode.line, column: valueNode.column)
            if ConfigSchema.isSection(key) {
                if case .mapping(let inner) = valueNode.content {
                    try merge(inner, under: key, file: file, errors: &errors)
                } else {
                    let object = try decode(valueNode, resolver)
                    errors.append(
                        .typeMismatch(
                            key: key, expected: "a section (mapping)", actual: object.typeName,
                            value: object.text, source: valueSource))
                }
                continue
            }
            guard ConfigSchema.byKey[key] != nil else {
                errors.append(.unknownKey(key: key, source: keySource, suggestion: KeySuggestion.nearest(to: key)))
                continue
            }
            do {
                try assign(key, try decode(valueNode, resolver), source: valueSource)
            } catch {
                errors.append(error)
            }
        }
    }

    /// yacs `_decode_cfg_value`: a string that is a Python literal becomes that literal.
    private func decode(_ node: YAMLNode, _ resolver: YAMLScalarResolver) throws(ConfigError) -> PythonObject {
        let object = try resolver.resolve(node)
        if case .value(.string(let text)) = object, let literal = PythonLiteral.evaluate(text) {
            return literal
        }
        return object
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription
        }
        return nsError.localizedDescription
    }
}

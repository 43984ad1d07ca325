import Foundation
import Testing

@testable import Configuration

/// The schema's `usage` declarations, walked key by key: every restricted key refuses what it
/// does not support, naming the file, line, column, key and value, and accepts what it does.
/// (That each `.drives` key changes what a run builds is checked by `TrainingPlanTests`.)
@Suite struct ConfigUsageTests {
    /// A value of the key's type that differs from its default.
    static func otherValue(_ entry: ConfigEntry) -> String {
        switch entry.defaultValue {
        case .bool(let flag): flag ? "False" : "True"
        case .int(let number): "\(number + 1)"
        case .double(let number): "\(number * 2 + 1)"
        case .string(let text): "'\(text)_unsupported'"
        case .list(let items): "[" + items.map { _ in "3" }.joined(separator: ", ") + ", 3]"
        case .null: "None"
        }
    }

    /// The YAML text that sets `key` to `value`, the key on line `1 + depth`.
    static func yaml(_ key: String, _ value: String) -> String {
        let parts = key.split(separator: ".")
        var text = ""
        for (depth, part) in parts.enumerated() {
            let indent = String(repeating: "  ", count: depth)
            text +=
                depth == parts.count - 1 ? "\(indent)\(part): \(value)\n" : "\(indent)\(part):\n"
        }
        return text
    }

    @Test func everyRestrictedKeyRefusesWhatItDoesNotSupport() throws {
        for entry in ConfigSchema.entries {
            if case .drives = entry.usage { continue }
            let value = Self.otherValue(entry)
            let config = try Config.load(yaml: Self.yaml(entry.key, value), file: "usage.yaml")
            let line = entry.key.split(separator: ".").count
            switch entry.usage {
            case .drives:
                continue
            case .ignored(let reason):
                #expect(!reason.isEmpty, "\(entry.key) is ignored without a reason")
                #expect(throws: Never.self) { try config.checkSupported() }
            case .oneOf, .defaultOnly:
                #expect {
                    try config.checkSupported()
                } throws: { error in
                    let text = "\(error)"
                    return text.contains("usage.yaml:\(line):") && text.contains(entry.key)
                        && text.contains(value.replacingOccurrences(of: "'", with: ""))
                        && text.contains("supported")
                }
            }
        }
    }

    @Test func everySupportedValueIsAccepted() throws {
        for entry in ConfigSchema.entries {
            for value in entry.usage.supportedValues {
                let config = try Config.load(
                    yaml: Self.yaml(entry.key, "'\(value)'"), file: "usage.yaml")
                #expect(throws: Never.self, "\(entry.key) = \(value)") {
                    try config.checkSupported()
                }
            }
        }
    }

    @Test func defaultsAreSupported() throws {
        try Config().checkSupported()
    }

    @Test func severalRefusalsAreReportedTogether() throws {
        let config = try Config.load(
            yaml: "SOLVER:\n  OPTIMIZER_NAME: RMSprop\n  LR_DECAY_TYPE: StepLR\n",
            file: "two.yaml")
        #expect {
            try config.checkSupported()
        } throws: { error in
            "\(error)".contains("two.yaml:2:") && "\(error)".contains("two.yaml:3:")
        }
    }
}

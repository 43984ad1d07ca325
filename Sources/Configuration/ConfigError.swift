/// Everything that can go wrong while reading, merging, querying or writing a configuration.
///
/// Each case carries the facts (file, line, column, key, types); `description` says what went
/// wrong, where, and what to do about it.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadableFile(path: String, reason: String)
    /// The file could not be written.
    case unwritableFile(path: String, reason: String)
    /// libyaml (or the PyYAML-compatible construction) rejected the text.
    case malformedYAML(file: String, line: Int, column: Int, problem: String)
    /// The document is not a mapping of sections (e.g. a bare list or scalar).
    case notAMapping(file: String, line: Int, column: Int, found: String)
    /// A key that the default tree does not have; `suggestion` is the nearest valid key.
    case unknownKey(key: String, source: ConfigSource, suggestion: String?)
    /// A value whose type differs from the default's (yacs's "Type mismatch").
    case typeMismatch(key: String, expected: String, actual: String, value: String, source: ConfigSource)
    /// An odd number of command-line override words.
    case unpairedOverride(arguments: [String])
    /// Several errors found in one file or one override list, in the order they occur.
    indirect case several([ConfigError])
    /// A typed getter asked for a type the key does not hold (a programming error, or `None`).
    case wrongAccessor(key: String, requested: String, actual: String, source: ConfigSource)
    /// A valid value of the right type that AIRS does not implement (`ConfigUsage`);
    /// `supported` lists what it does.
    case unsupportedValue(key: String, value: String, source: ConfigSource, supported: String)

    /// A one-paragraph explanation with the location first, as compilers print them, in the
    /// command line's words.
    public var description: String { description(for: .commandLine) }

    /// The explanation in the words of `frontEnd`: what to check names the `--cfg` option or
    /// the script function that was given the path and overrides.
    public func description(for frontEnd: ConfigFrontEnd) -> String {
        switch (self, frontEnd) {
        case (.unreadableFile(let path, let reason), .script(let function)):
            return "\(path): cannot read the config file: \(reason.trimmingSuffix(".")). "
                + "Check the path given to \(function)()."
        case (.unpairedOverride(let arguments), .script(let function)):
            return "\(function)(): error: overrides come in KEY VALUE pairs, got \(arguments.count) words "
                + "(\(arguments.joined(separator: " "))). Give every key a value, "
                + "e.g. \"SOLVER.BASE_LR\", \"0.02\"."
        case (.unknownKey(let key, let source, let suggestion), .script):
            var text = "\(source): error: unknown config key '\(key)'."
            if let suggestion { text += " Did you mean '\(suggestion)'?" }
            return text + " print(config()) shows every valid key."
        case (.several(let errors), _):
            return errors.map { $0.description(for: frontEnd) }.joined(separator: "\n")
        default:
            return commandLineDescription
        }
    }

    private var commandLineDescription: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read the config file: \(reason.trimmingSuffix(".")). Check the path given to --cfg."
        case .unwritableFile(let path, let reason):
            return
                "\(path): cannot write the config file: \(reason.trimmingSuffix(".")). Check that the folder exists and is writable."
        case .malformedYAML(let file, let line, let column, let problem):
            var text = "\(file):\(line):\(column): error: malformed YAML: \(problem). Fix the file at that line"
            if problem.contains("expected key") || problem.contains("mapping values") {
                text += " (check the indentation: keys of one section line up, 2 spaces in)"
            }
            return text + "."
        case .notAMapping(let file, let line, let column, let found):
            return "\(file):\(line):\(column): error: a config file must be a mapping of sections "
                + "(`SOLVER:` with indented `KEY: value` lines), found \(found)."
        case .unknownKey(let key, let source, let suggestion):
            var text = "\(source): error: unknown config key '\(key)' (yacs: Non-existent config key)."
            if let suggestion { text += " Did you mean '\(suggestion)'?" }
            return text + " `airs config show FILE` lists every valid key."
        case .typeMismatch(let key, let expected, let actual, let value, let source):
            var text =
                "\(source): error: type mismatch for config key '\(key)': expected \(expected), "
                + "got \(actual) (\(value))."
            if expected == "float" && actual == "int" {
                text += " yacs does not accept an int for a float key: write \(value).0"
            } else if expected == "bool" && actual == "str" {
                text += " Write True or False."
            } else if expected == "str" && ["bool", "int", "float", "NoneType"].contains(actual) {
                text +=
                    " Quote it to keep it a string; a number or True/False/None needs two levels of quotes"
                    + " (\"'0'\"), because yacs evaluates a quoted string as a Python literal."
            }
            return text
        case .unpairedOverride(let arguments):
            return "command line: error: overrides come in KEY VALUE pairs, got \(arguments.count) words "
                + "(\(arguments.joined(separator: " "))). Give every key a value, e.g. SOLVER.BASE_LR 0.02."
        case .several(let errors):
            return errors.map(\.description).joined(separator: "\n")
        case .wrongAccessor(let key, let requested, let actual, let source):
            return "\(source): error: config key '\(key)' holds \(actual) but \(requested) is needed here. "
                + "Set it to \(requested == "list" ? "a list" : "a value of type \(requested)")."
        case .unsupportedValue(let key, let value, let source, let supported):
            return "\(source): error: config key '\(key)' is \(value), which AIRS does not support "
                + "(supported: \(supported)). Change the value or remove the key."
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}

/// Where a configuration value (or an offending key) came from.
public enum ConfigSource: Sendable, Hashable, CustomStringConvertible {
    /// The built-in defaults (`ConfigSchema`).
    case defaults
    /// A YAML file, at a 1-based line and column.
    case file(path: String, line: Int, column: Int)
    /// A `KEY VALUE` override; `argument` is the 1-based position of the key in the list.
    case commandLine(argument: Int)
    /// Set by a program (`Config.set`), e.g. from the shell.
    case program
    /// An override given to a script function (`train(path, {"SOLVER.BASE_LR": 0.02})`).
    case scriptOverride(function: String)

    /// `file.yaml:12:3`, `command line (argument 3)`, `defaults`, `set at run time`,
    /// `the train() overrides`.
    public var description: String {
        switch self {
        case .defaults: "defaults"
        case .file(let path, let line, let column): "\(path):\(line):\(column)"
        case .commandLine(let argument): "command line (argument \(argument))"
        case .program: "set at run time"
        case .scriptOverride(let function): "the \(function)() overrides"
        }
    }
}

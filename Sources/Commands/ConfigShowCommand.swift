import Configuration

/// `airs config show FILE [KEY VALUE …]`: prints the merged config, or its errors.
public struct ConfigShowCommand: Command {
    /// Creates the command.
    public init() {}
    /// The command name.
    public var name: String { "config show" }
    /// One line for the overview.
    public var summary: String { "print a config merged with defaults and overrides" }
    /// The full usage text.
    public var usage: String {
        """
        usage: airs config show FILE [KEY VALUE …] [--changed]
          Prints every key (or with --changed only those differing from the defaults) after
          merging FILE and the KEY VALUE overrides; exits 1 listing the errors otherwise.
        """
    }

    /// Runs the command.
    public func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments, flagNames: ["changed"])
        guard let file = parsed.positional.first else { throw UsageError("a config FILE is required") }
        let config = try Config.load(file: file, overrides: Array(parsed.positional.dropFirst()))
        print(config.show(onlyChanged: parsed.flag("changed")))
        return 0
    }
}

import ArgumentParser
import Configuration

/// `airs config …`: configs without training.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Inspect experiment configs.",
        subcommands: [ConfigShowCommand.self])
}

/// `airs config show FILE [KEY VALUE …] [--changed]`: prints the merged config, or its errors.
struct ConfigShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a config merged with the defaults and overrides.",
        discussion: """
            Prints every key (with --changed only those differing from the defaults) after merging \
            FILE and the KEY VALUE overrides; exits 1 listing the errors otherwise.
            """)

    @Flag(help: "Print only the keys that differ from the defaults.")
    var changed = false

    @Argument(help: ArgumentHelp("The YAML config.", valueName: "FILE"))
    var file: String

    @OptionGroup var overrides: ConfigOverrides

    func run() throws {
        try reportingFailures(of: "config show") {
            print(try Config.load(file: file, overrides: overrides.pairs).show(onlyChanged: changed))
            return 0
        }
    }
}

import ArgumentParser

/// `airs`: the one front door. Without a subcommand it is `airs shell`: the shell (or the script
/// on standard input when that is not a terminal), `FILE.airs [ARGS]` (so a `#!/usr/bin/env airs`
/// file runs) or `-c CODE [ARGS]`.
public struct AIRS: ParsableCommand {
    /// The subcommands, in the order `airs --help` lists them.
    public static let configuration = CommandConfiguration(
        commandName: "airs",
        abstract: "Knowledge distillation for asymmetric image retrieval: shell, scripts, training.",
        discussion: """
            Without a subcommand: the interactive shell (a script when standard input is not a \
            terminal); 'airs FILE.airs [ARGS]' runs a script, 'airs -c CODE [ARGS]' runs code.
            """,
        subcommands: [
            ShellCommand.self, RunCommand.self, CheckCommand.self,
            TrainCommand.self, ResumeCommand.self, TestCommand.self, ConfigCommand.self,
            DatasetCommand.self, InspectCommand.self, ClassifyCommand.self,
        ],
        defaultSubcommand: ShellCommand.self)

    /// Creates the command.
    public init() {}
}

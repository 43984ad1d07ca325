import ArgumentParser
import InteractiveShell

/// `airs run FILE [ARGS]`: runs a script cell by cell.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a script cell by cell ('# %%' separates cells).",
        discussion: "ARGS become the script's list ARGS; FILE '-' reads the script from standard input.")

    @Argument(help: ArgumentHelp("The script.", valueName: "FILE"))
    var file: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script (the list ARGS).")
    var arguments: [String] = []

    func run() throws {
        try finish(with: ScriptRunner.runFile(file, arguments: arguments))
    }
}

import ArgumentParser
import InteractiveShell

/// `airs run FILE [ARGS]`: runs a script cell by cell.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a script cell by cell ('# %%' separates cells) or an AIRS notebook.",
        discussion: """
            ARGS become the script's list ARGS; FILE '-' reads the script from standard input. A script \
            prints only what it prints; --echo also prints the value of each cell that ends in an \
            expression, as the shell and notebooks show it.
            """)

    @Flag(help: "Print the value of each cell that ends in an expression, as the shell does.")
    var echo = false

    @Argument(help: ArgumentHelp("The script (.airs) or notebook (.ipynb).", valueName: "FILE"))
    var file: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script (the list ARGS).")
    var arguments: [String] = []

    func run() throws {
        try finish(with: ScriptRunner.runFile(file, arguments: arguments, echo: echo))
    }
}

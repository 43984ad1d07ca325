import ArgumentParser
import InteractiveShell

/// `airs check FILE…`: parses and resolves scripts without running them.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse and resolve scripts without running them.")

    @Argument(help: ArgumentHelp("The scripts.", valueName: "FILE"))
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one script file") }
    }

    func run() throws {
        try finish(with: files.map(ScriptRunner.checkFile).max() ?? 0)
    }
}

import ArgumentParser
import Foundation
import InteractiveShell

import enum ScriptLanguage.Suggestion

/// `airs shell`, also what `airs` without a subcommand runs: the interactive shell (a script on
/// standard input when that is not a terminal), a script given by path, or `-c CODE`.
struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Open the interactive shell (the default), or run FILE.airs or -c CODE.",
        discussion: "When standard input is not a terminal, it is read as a script.")

    @Option(name: .customShort("c"), help: ArgumentHelp("Run CODE.", valueName: "CODE"))
    var code: String?

    @Option(help: ArgumentHelp("Restore Sessions/NAME first.", valueName: "NAME"))
    var session: String?

    @Argument(help: "A script to run: a path ending in .airs or containing '/', or '-' for standard input.")
    var script: String?

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script (the list ARGS).")
    var arguments: [String] = []

    /// Refuses a first word that is neither a subcommand nor a script, suggesting the nearest
    /// subcommand (`airs trian` → `train`).
    func validate() throws {
        guard code == nil, let script, !Self.isScriptPath(script) else { return }
        let names = AIRS.configuration.subcommands.compactMap { $0.configuration.commandName }
        let hint = Suggestion.hint(for: script, in: names).map { "; \($0)" } ?? ""
        throw ValidationError("unknown command or option '\(script)'\(hint)")
    }

    func run() throws {
        if let code {
            let scriptArguments = (script.map { [$0] } ?? []) + arguments
            try finish(with: ScriptRunner.runSource(code, file: "<string>", arguments: scriptArguments))
        } else if let script {
            try finish(with: ScriptRunner.runFile(script, arguments: arguments))
        } else if isatty(STDIN_FILENO) == 0 {
            try finish(with: ScriptRunner.runStandardInput(arguments: []))
        } else {
            try finish(with: Shell(sessionsFolder: Shell.defaultSessionsFolder()).runInteractive(session: session))
        }
    }

    /// Whether `word` names a script rather than a mistyped subcommand.
    static func isScriptPath(_ word: String) -> Bool {
        word == "-" || word.hasSuffix(".airs") || word.contains("/")
    }
}

import Commands
import Foundation
import InteractiveShell

// Argument hand-off only: subcommands live in Commands; the shell, scripts and `-c` in
// InteractiveShell.
let arguments = Array(CommandLine.arguments.dropFirst())
if CommandLineInterface.handles(arguments) {
    exit(CommandLineInterface.run(arguments))
}
exit(ShellEntry.run(arguments))

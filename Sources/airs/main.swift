import Commands
import Foundation
import InteractiveShell
import JupyterKernel

// Argument hand-off only: subcommands live in Commands, `airs kernel` in JupyterKernel; the
// shell, scripts and `-c` in InteractiveShell.
let arguments = Array(CommandLine.arguments.dropFirst())
if CommandLineInterface.handles(arguments) {
    exit(CommandLineInterface.run(arguments))
}
if KernelCommand.handles(arguments) {
    exit(KernelCommand.run(arguments))
}
exit(ShellEntry.run(arguments))

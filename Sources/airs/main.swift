import Commands
import Foundation

// Argument hand-off only: every subcommand lives in the Commands module.
let arguments = Array(CommandLine.arguments.dropFirst())
exit(CommandLineInterface.run(arguments.isEmpty ? ["help"] : arguments))

import Commands
import Foundation
import TensorEngine

LaunchEnvironment.relaunchUnlessSet()
// Hand-off only: every command, the shell and scripts live behind Commands' one root command.
exit(FrontDoor.run(Array(CommandLine.arguments.dropFirst())))

import Foundation

/// Dispatches `airs SUBCOMMAND …` to the commands of `CommandRegistry.all`.
public enum CommandLineInterface {
    /// Whether `arguments` (without the program name) name a registered subcommand.
    public static func handles(_ arguments: [String]) -> Bool {
        command(for: arguments) != nil || arguments.first == "help"
    }

    /// Runs the subcommand named by `arguments` and returns the exit code.
    public static func run(_ arguments: [String]) -> Int32 {
        if arguments.first == "help" { return help(Array(arguments.dropFirst())) }
        guard let (command, rest) = command(for: arguments) else {
            printError("airs: unknown command '\(arguments.joined(separator: " "))'\n\(overview)")
            return 2
        }
        do {
            return try command.run(rest)
        } catch let error as UsageError {
            printError("airs \(command.name): \(error)\n\n\(command.usage)")
            return 2
        } catch {
            printError("airs \(command.name): \(error)")
            return 1
        }
    }

    /// The longest registered name that prefixes `arguments`, and the remaining arguments.
    static func command(for arguments: [String]) -> (any Command, [String])? {
        for length in stride(from: min(arguments.count, 3), through: 1, by: -1) {
            let name = arguments.prefix(length).joined(separator: " ")
            if let command = CommandRegistry.all.first(where: { $0.name == name }) {
                return (command, Array(arguments.dropFirst(length)))
            }
        }
        return nil
    }

    static var overview: String {
        let width = CommandRegistry.all.map(\.name.count).max() ?? 0
        let lines = CommandRegistry.all.map { "  airs \($0.name.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.summary)" }
        return "usage:\n  airs                 open the interactive shell\n  airs run FILE.airs   run a script\n"
            + lines.joined(separator: "\n") + "\n  airs help COMMAND    details of one command"
    }

    private static func help(_ arguments: [String]) -> Int32 {
        if let (command, _) = command(for: arguments) { print(command.usage); return 0 }
        print(overview)
        return arguments.isEmpty ? 0 : 2
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

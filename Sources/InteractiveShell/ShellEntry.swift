import Foundation
import ScriptLanguage

/// What `airs` does when its arguments are not a registered subcommand: the shell, scripts,
/// `-c CODE`, `run FILE`, `check FILE`, and a script piped on standard input.
public enum ShellEntry {
    static let usage = """
        usage: airs                      interactive shell (reads a script when stdin is not a terminal)
               airs FILE.airs [ARGS...]  run a script; ARGS become the list ARGS
               airs run FILE.airs [ARGS...]
               airs check FILE.airs...   parse and resolve without running
               airs -c 'CODE' [ARGS...]  run CODE
        """

    /// Whether these arguments (without the program name) belong to the shell.
    public static func handles(_ arguments: [String]) -> Bool {
        guard let first = arguments.first else { return true }
        return ["run", "check", "-c", "-h", "--help"].contains(first) || first.hasSuffix(".airs") || first == "-"
    }

    /// Runs the shell or script and returns the exit code.
    public static func run(_ arguments: [String]) -> Int32 {
        run(arguments, runner: ScriptRunner(), standardInput: FileHandle.standardInput,
            isTerminal: isatty(STDIN_FILENO) != 0)
    }

    /// The dispatch behind `run(_:)`, with the runner and input injectable for tests.
    static func run(_ arguments: [String], runner: ScriptRunner, standardInput: FileHandle,
                    isTerminal: Bool) -> Int32 {
        guard let first = arguments.first else {
            if isTerminal { return LineLoop(runner: runner).run() }
            return runner.run(source: readAll(standardInput), file: "<stdin>")
        }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "-h", "--help":
            runner.output(usage)
            return 0
        case "-c":
            guard let code = rest.first else { return usageError("-c needs the code to run", runner) }
            return runner.run(source: code, file: "<-c>", arguments: Array(rest.dropFirst()))
        case "run":
            guard let path = rest.first else { return usageError("run needs a script file", runner) }
            if path == "-" { return runner.run(source: readAll(standardInput), file: "<stdin>", arguments: Array(rest.dropFirst())) }
            return runner.runFile(path, arguments: Array(rest.dropFirst()))
        case "check":
            guard !rest.isEmpty else { return usageError("check needs at least one script file", runner) }
            return rest.map { runner.checkFile($0) }.max() ?? 0
        case "-":
            return runner.run(source: readAll(standardInput), file: "<stdin>", arguments: rest)
        default:
            if first.hasPrefix("-") { return usageError("unknown option '\(first)'", runner) }
            return runner.runFile(first, arguments: rest)
        }
    }

    private static func usageError(_ message: String, _ runner: ScriptRunner) -> Int32 {
        runner.errorOutput("airs: \(message)\n\(usage)")
        return 2
    }

    private static func readAll(_ handle: FileHandle) -> String {
        String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }
}

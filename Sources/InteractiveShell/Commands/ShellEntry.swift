import Foundation
import ScriptLanguage

/// What `airs` does when its arguments are not a registered subcommand: the shell, scripts,
/// `-c CODE` and `--session NAME`.
public enum ShellEntry {
    /// Whether these arguments (without the program name) belong to the shell.
    public static func handles(_ arguments: [String]) -> Bool {
        (try? ShellInvocation(arguments)) != nil
    }

    /// Runs the shell or script and returns the exit code.
    public static func run(_ arguments: [String]) -> Int32 {
        let invocation: ShellInvocation
        do {
            invocation = try ShellInvocation(arguments)
        } catch {
            standardError("\(error)")
            return 2
        }
        switch invocation {
        case .help:
            print(ShellError.usage)
            return 0
        case .run("-", let scriptArguments):
            let source = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            return ScriptRunner.runSource(source, file: "<stdin>", arguments: scriptArguments)
        case .run(let path, let scriptArguments):
            return ScriptRunner.runFile(path, arguments: scriptArguments)
        case .check(let paths):
            return paths.map(ScriptRunner.checkFile).max() ?? 0
        case .code(let code, let scriptArguments):
            return ScriptRunner.runSource(code, file: "<string>", arguments: scriptArguments)
        case .shell(let session):
            if isatty(STDIN_FILENO) == 0 {
                let source = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                return ScriptRunner.runSource(source, file: "<stdin>", arguments: [])
            }
            return Shell(sessionsFolder: Shell.defaultSessionsFolder()).runInteractive(session: session)
        }
    }
}

/// Writes one line to standard error.
func standardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

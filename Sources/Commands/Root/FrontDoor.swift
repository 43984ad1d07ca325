import ArgumentParser
import Foundation

/// Parses `airs`'s arguments, runs the command and maps the outcome to an exit status: 0 done,
/// 1 the work failed (message on standard error), 2 the command line itself was wrong (usage
/// printed), as `diff` and `grep` do.
public enum FrontDoor {
    /// Runs `airs arguments` (without the program name) and returns the exit status.
    public static func run(_ arguments: [String]) -> Int32 {
        do {
            var command = try AIRS.parseAsRoot(arguments)
            try command.run()
            return 0
        } catch {
            let code = AIRS.exitCode(for: error)
            let message = AIRS.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                return 0
            }
            if !message.isEmpty { printError(message) }
            return code == .validationFailure ? 2 : code.rawValue
        }
    }

    /// Writes one line to standard error.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Runs a command's work: a thrown error is printed as `airs NAME: message` and becomes exit
/// status 1; a non-zero status returned by `body` is passed on.
func reportingFailures(of name: String, _ body: () throws -> Int32) throws {
    let status: Int32
    do {
        status = try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        FrontDoor.printError("airs \(name): \(error)")
        throw ExitCode.failure
    }
    if status != 0 { throw ExitCode(status) }
}

/// Ends the command with exit status `status` unless it is 0.
func finish(with status: Int32) throws {
    if status != 0 { throw ExitCode(status) }
}

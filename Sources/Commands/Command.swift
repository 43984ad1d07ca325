/// One `airs` subcommand: `airs NAME ARGUMENTS…`.
public protocol Command: Sendable {
    /// The word after `airs` (`train`, `inspect`, …); several words for groups (`dataset make-synthetic`).
    var name: String { get }
    /// One line for `airs help`.
    var summary: String { get }
    /// The usage text printed with `airs help NAME` and after a usage error.
    var usage: String { get }
    /// Runs the command; returns the process exit code. Errors are printed by the caller.
    func run(_ arguments: [String]) throws -> Int32
}

/// A mistake in the command line itself, printed with the command's usage.
public struct UsageError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

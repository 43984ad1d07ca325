import Foundation
import Testing

/// The message of the error `read` throws for the file at `url`, expected to name the file;
/// records an issue and returns "" when `read` does not throw.
func readFailureMessage(_ url: URL, sourceLocation: SourceLocation = #_sourceLocation, _ read: () throws -> Void)
    -> String
{
    do {
        try read()
    } catch {
        let message = "\(error)"
        #expect(message.contains(url.path), "\(message)", sourceLocation: sourceLocation)
        return message
    }
    Issue.record("reading \(url.path) did not fail", sourceLocation: sourceLocation)
    return ""
}

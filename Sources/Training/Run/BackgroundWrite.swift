import Foundation

/// A file write finishing on a background thread: the resume state of an epoch end is encoded,
/// hashed, written and flushed to disk while the next epoch trains (upstream's trainer writes
/// nothing between its checkpoints; AIRS keeps every epoch end resumable). `wait()` blocks until
/// the write is done and rethrows its error.
final class BackgroundWrite: @unchecked Sendable {
    private let condition = NSCondition()
    private var finished = false
    private var failure: (any Error)?

    /// Starts `write` on a new thread.
    init(_ write: @escaping @Sendable () throws -> Void) {
        let thread = Thread { [self] in
            var failure: (any Error)?
            do { try write() } catch { failure = error }
            condition.lock()
            self.failure = failure
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "airs.resume-write"
        thread.start()
    }

    /// Blocks until the write is done; rethrows its error.
    func wait() throws {
        condition.lock()
        while !finished { condition.wait() }
        let failure = self.failure
        condition.unlock()
        if let failure { throw failure }
    }
}

import Foundation

/// Ctrl-C as a request, not a kill: the first SIGINT sets a flag that the trainer checks at
/// each step boundary (it then writes a resumable checkpoint and returns); a second SIGINT
/// while the flag is still set ends the process as usual.
public enum InterruptFlag {
    nonisolated(unsafe) private static var requested: sig_atomic_t = 0
    nonisolated(unsafe) private static var installed = false

    /// Installs the SIGINT handler (idempotent).
    public static func install() {
        guard !installed else { return }
        installed = true
        signal(SIGINT) { _ in
            if InterruptFlag.requested != 0 { _exit(130) }
            InterruptFlag.requested = 1
        }
    }

    /// Whether an interrupt arrived since the last `clear()`.
    public static var isRequested: Bool { requested != 0 }

    /// Forgets a handled interrupt.
    public static func clear() { requested = 0 }

    /// Simulates Ctrl-C (tests, and the shell's own interrupt key handling).
    public static func request() { requested = 1 }
}

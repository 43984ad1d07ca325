import Foundation

/// Ctrl-C as a request, not a kill: the first SIGINT sets a flag that the trainer checks at
/// each step boundary (it then writes a resumable checkpoint and returns); a second SIGINT
/// while the flag is still set ends the process as usual.
public enum InterruptFlag {
    nonisolated(unsafe) private static var requested: sig_atomic_t = 0
    nonisolated(unsafe) private static var installed = false
    nonisolated(unsafe) private static var terminationInstalled = false
    nonisolated(unsafe) private static var terminationNotice: UnsafeMutablePointer<CChar>?

    /// Installs the SIGINT handler (idempotent).
    public static func install() {
        guard !installed else { return }
        installed = true
        signal(SIGINT) { _ in
            if InterruptFlag.requested != 0 { _exit(130) }
            InterruptFlag.requested = 1
        }
    }

    /// Also takes SIGTERM as Ctrl-C (idempotent): `mpirun` (Open MPI 4) answers Ctrl-C by sending
    /// every rank SIGTERM and, `odls_base_sigkill_timeout` seconds later (default 1), SIGKILL, so a
    /// rank that stops at the next step boundary leaves a run that resumes from that step. The
    /// first SIGTERM writes `notice`, if given, on standard error at once: `mpirun` itself says
    /// nothing, and its SIGKILL may come before the step ends.
    public static func installForTermination(notice: String? = nil) {
        guard !terminationInstalled else { return }
        terminationInstalled = true
        terminationNotice = notice.flatMap { strdup($0) }
        signal(SIGTERM) { _ in
            if InterruptFlag.requested != 0 { _exit(143) }
            InterruptFlag.requested = 1
            // write(2) is async-signal-safe; the text was copied when the handler was installed.
            if let notice = InterruptFlag.terminationNotice { _ = write(2, notice, strlen(notice)) }
        }
        // A parent may have started us with it blocked (test runners block SIGINT and SIGTERM).
        var terminate = sigset_t()
        sigemptyset(&terminate)
        sigaddset(&terminate, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &terminate, nil)
    }

    /// Whether an interrupt arrived since the last `clear()`.
    public static var isRequested: Bool { requested != 0 }

    /// Forgets a handled interrupt.
    public static func clear() { requested = 0 }

    /// Simulates Ctrl-C (tests, and the shell's own interrupt key handling).
    public static func request() { requested = 1 }
}

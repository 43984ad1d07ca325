import Foundation
import ScriptLanguage
import Training

extension InterruptFlag {
    /// Makes Ctrl-C stop `interpreter` at its next check (and the trainer at its next step).
    static func installForScripts(_ interpreter: Interpreter) {
        install()
        unblockInterrupts()
        interpreter.shouldInterrupt = { InterruptFlag.isRequested }
    }

    /// A parent may have spawned us with SIGINT blocked (test runners, some IDEs).
    private static func unblockInterrupts() {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &blocked, nil)
    }
}

extension InterruptFlag {
    /// Ctrl-C in the shell: raises the flag and interrupts a blocking read (no `SA_RESTART`), so
    /// the prompt clears its line and a running input stops at its next check; never exits.
    /// A notebook kernel installs the same handler (interrupt_mode "signal").
    public static func installForShell() {
        var action = sigaction()
        #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { _ in InterruptFlag.request() }
        #else
            action.__sigaction_u.__sa_handler = { _ in InterruptFlag.request() }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        unblockInterrupts()
    }
}

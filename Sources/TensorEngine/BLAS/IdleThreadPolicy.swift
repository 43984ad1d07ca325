import Foundation

/// How the worker threads of oneDNN (OpenMP) and OpenBLAS wait between calls.
///
/// Both libraries keep their idle workers busy by default: Debian's oneDNN runs on libgomp,
/// whose idle threads spin (up to ~300,000 iterations) after every parallel region unless
/// `OMP_WAIT_POLICY=passive`; OpenBLAS's workers spin with `sched_yield` for 2^28 cycles
/// after each threaded GEMM unless `OPENBLAS_THREAD_TIMEOUT` is lower. Between two calls AIRS's
/// own kernels run on its own threads, so a spinning worker takes the core they need, and on a
/// machine shared with other work a spinning barrier waits for a descheduled thread. Measured
/// (ResNet18 train step, 64 px, batch 32, 2 threads, loaded 2-core machine): 1.42 s of CPU per
/// step with libgomp spinning, 0.37 s passive (1 thread: 0.34 s); in a D3 distillation run
/// OpenBLAS's spinning worker took 4.9 % of the process's CPU samples, and at 32 px, batch 64
/// (loaded machine, two pairs) the step ran at 157–167 img/s spinning, 184–189 with a 2^4-cycle
/// timeout. Both libraries read their variable once, when they are loaded at process start,
/// so it can only be set by starting again.
public enum IdleThreadPolicy {
    /// The variables set, with the value each gets unless the user set it.
    static let settings = [("OMP_WAIT_POLICY", "passive"), ("OPENBLAS_THREAD_TIMEOUT", "4")]

    /// Re-executes the process with the variables of `settings` that are not set (a user's
    /// choice stands); call it first thing in `main`. When none is missing, or the
    /// re-execution fails, the process carries on as it is.
    public static func relaunchPassiveUnlessSet() {
        let environment = ProcessInfo.processInfo.environment
        let missing = settings.filter { environment[$0.0] == nil }
        guard !missing.isEmpty else { return }
        for (name, value) in missing { setenv(name, value, 1) }
        execv("/proc/self/exe", CommandLine.unsafeArgv)
    }
}

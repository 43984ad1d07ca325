import Foundation

/// How oneDNN's OpenMP threads wait between primitives.
///
/// Debian's oneDNN runs on libgomp, whose idle threads spin (up to ~300,000 iterations) after
/// every parallel region unless `OMP_WAIT_POLICY=passive`. Between two primitives AIRS's own
/// kernels run on its own threads, so the spinning thread takes the core they need; on a
/// machine shared with other work a spinning barrier waits for a descheduled thread. Measured
/// (ResNet18 train step, 64 px, batch 32, 2 threads, loaded 2-core machine): 1.42 s of CPU per
/// step spinning, 0.37 s passive (1 thread: 0.34 s). libgomp reads the variable once, when it
/// is loaded with oneDNN at process start, so it can only be set by starting again.
public enum OpenMPWaitPolicy {
    /// Re-executes the process with `OMP_WAIT_POLICY=passive` unless the variable is already
    /// set (so a user's choice stands); call it first thing in `main`. When the re-execution
    /// fails the process carries on with libgomp's default.
    public static func relaunchPassiveUnlessSet() {
        guard ProcessInfo.processInfo.environment["OMP_WAIT_POLICY"] == nil else { return }
        setenv("OMP_WAIT_POLICY", "passive", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
    }
}

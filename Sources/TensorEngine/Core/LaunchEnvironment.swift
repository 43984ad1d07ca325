import Foundation

/// Process-wide settings that the C libraries under AIRS read only once, at process start,
/// so that they can only be set by starting again: `airs` and `airs-bench` re-execute
/// themselves with the ones the user has not set.
///
/// Idle threads: Debian's oneDNN runs on libgomp, whose idle threads spin (up to ~300,000
/// iterations) after every parallel region unless `OMP_WAIT_POLICY=passive`; OpenBLAS's workers
/// spin with `sched_yield` for 2^28 cycles after each threaded GEMM unless
/// `OPENBLAS_THREAD_TIMEOUT` is lower. Between two calls AIRS's own kernels run on its own
/// threads, so a spinning worker takes the core they need, and on a machine shared with other
/// work a spinning barrier waits for a descheduled thread. Measured (ResNet18 train step, 64 px,
/// batch 32, 2 threads, loaded 2-core machine): 1.42 s of CPU per step with libgomp spinning,
/// 0.37 s passive (1 thread: 0.34 s); in a D3 distillation run OpenBLAS's spinning worker took
/// 4.9 % of the process's CPU samples, and at 32 px, batch 64 (loaded machine, two pairs) the
/// step ran at 157–167 img/s spinning, 184–189 with a 2^4-cycle timeout.
///
/// Freed memory: a training step frees at its end the activations and gradients it allocated,
/// and the next step allocates the same sizes again. glibc's malloc hands the top of its heap
/// back to the kernel whenever more than its trim threshold (64 MiB once its threshold has
/// adapted) lies free there, so every step mapped hundreds of megabytes afresh, each page
/// faulted in and zeroed by the kernel. `GLIBC_TUNABLES` keeps freed heap memory for reuse (the
/// peak resident size is unchanged: it is the step's working set) and serves blocks below
/// 32 MiB, glibc's largest threshold, from the heap from the start. Measured (D3 distillation,
/// 2 epochs, 1 thread, loaded machine): 573,000 page faults and 1.65 s system time before,
/// 335,000 and 1.09 s after; ResNet18 train step at 128 px, batch 96, 1 thread: system time
/// 5.7 → 2.9 s, peak resident size 2.16 → 2.25 GB; 2 threads: page faults 2.6–3.5 M → 1.3–1.8 M,
/// peak 2.76–2.91 → 2.84–3.07 GB.
public enum LaunchEnvironment {
    /// The variables set, with the value each gets unless the user set it.
    static let settings = [
        ("OMP_WAIT_POLICY", "passive"), ("OPENBLAS_THREAD_TIMEOUT", "4"),
        ("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=\(1 << 40):glibc.malloc.mmap_threshold=\(32 << 20)"),
    ]

    /// Re-executes the process with the variables of `settings` that are not set (a user's
    /// choice stands); call it first thing in `main`. When none is missing, or the
    /// re-execution fails, the process carries on as it is.
    public static func relaunchUnlessSet() {
        let environment = ProcessInfo.processInfo.environment
        let missing = settings.filter { environment[$0.0] == nil }
        guard !missing.isEmpty else { return }
        for (name, value) in missing { setenv(name, value, 1) }
        execv("/proc/self/exe", CommandLine.unsafeArgv)
    }
}

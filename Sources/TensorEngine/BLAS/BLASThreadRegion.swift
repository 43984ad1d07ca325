import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// OpenBLAS's thread count is one process-wide setting, and a GEMM's rounding depends on it.
/// Kernels that split a batch over workers run single-threaded GEMMs in parallel: while they
/// do, no other thread may start a GEMM (it would run on one thread, or see the count change
/// mid-call), and no other thread may change the count under them. So every GEMM outside such
/// a region, and every region, holds `exclusion`; the region's workers, marked thread-locally,
/// call OpenBLAS directly. One caller (training, the shell) never waits; tests that run side by
/// side in one process get the same bits as when they run alone.
enum BLASThreadRegion {
    private static let exclusion = NSLock()
    private static let workerKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Whether this thread is a worker of a single-threaded region (whose owner holds the lock).
    private static var isWorker: Bool { pthread_getspecific(workerKey) != nil }

    /// Runs one BLAS call: directly on a region's worker, otherwise under the lock.
    static func call<R>(_ body: () -> R) -> R {
        if isWorker { return body() }
        exclusion.lock()
        defer { exclusion.unlock() }
        return body()
    }

    /// `body(worker)` for `0..<workers` in parallel, each worker's GEMMs on one OpenBLAS thread.
    static func singleThreaded(workers: Int, restoring threads: Int, _ body: (Int) -> Void) {
        exclusion.lock()
        defer { exclusion.unlock() }
        BLASLibrary.shared.setThreads(1)
        defer { BLASLibrary.shared.setThreads(Int32(max(1, threads))) }
        concurrentPerform(iterations: workers) { worker in
            pthread_setspecific(workerKey, UnsafeRawPointer(bitPattern: 1))
            defer { pthread_setspecific(workerKey, nil) }
            body(worker)
        }
    }
}

import CDNNL

/// oneDNN's fp32 matrix multiply (`dnnl_sgemm`, its AVX-512 JIT kernels: about twice the rate
/// of Debian's OpenBLAS with the Haswell kernels at the shapes of `DNNLWholeMapConvolution`),
/// handed out by `DNNLEngine.runningGEMMs`.
struct DNNLGEMM {
    /// Row-major `C = op(A) · op(B) + beta · C`: `A` is `[m, k]` (`[k, m]` when `transposeA`),
    /// `B` `[k, n]` (`[n, k]` when `transposeB`), `C` `[m, n]`, the leading dimensions the
    /// buffers' row strides.
    /// - Throws: `TensorError.dnnlFailure` if oneDNN rejects the sizes.
    func callAsFunction(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) throws {
        let (transposed, plain) = (CChar(UInt8(ascii: "T")), CChar(UInt8(ascii: "N")))
        try check(
            dnnl_sgemm(
                transposeA ? transposed : plain, transposeB ? transposed : plain, Int64(m), Int64(n), Int64(k), 1, a,
                Int64(lda), b, Int64(ldb), beta, c, Int64(ldc)),
            "sgemm [\(m), \(k)] · [\(k), \(n)]")
    }
}

extension DNNLEngine {
    /// Runs `body(group, gemm)` for every group in `0..<groups`, under the engine's lock as a
    /// primitive execution runs. The groups must write disjoint outputs: they are spread over
    /// `Parallelism.threads` workers, each multiplying on one thread, so every output is the
    /// same sequence of single-threaded GEMMs whatever the thread count. Measured (2 threads,
    /// CPU ms, the 16 GEMMs of one `DNNLWholeMapConvolution` forward, 512 channels, batch 64):
    /// 3.5 with 1 thread, 5.9 when each GEMM is split over both by OpenMP.
    func runningGEMMs(groups: Int, _ body: (_ group: Int, _ gemm: DNNLGEMM) throws -> Void) throws {
        try exclusively {
            let workers = max(1, min(Parallelism.threads, groups))
            var failures = [(any Error)?](repeating: nil, count: workers)
            failures.withUnsafeMutableBufferPointer { failed in
                concurrentPerform(iterations: workers) { worker in
                    setOpenMPThreads?(1)
                    do {
                        for group in stride(from: worker, to: groups, by: workers) { try body(group, DNNLGEMM()) }
                    } catch {
                        failed[worker] = error
                    }
                }
            }
            if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        }
    }
}

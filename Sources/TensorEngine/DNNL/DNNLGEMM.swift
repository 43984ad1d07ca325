import CDNNL

/// oneDNN's fp32 matrix multiply (`dnnl_sgemm`, its AVX-512 JIT kernels: about twice the rate
/// of Debian's OpenBLAS with the Haswell kernels at the shapes of `DNNLWholeMapConvolution`),
/// handed out by `DNNLEngine.runningGEMMs` so that it runs on the threads primitives run on.
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
    /// Runs `body`, which multiplies with the `DNNLGEMM` it is given, as one primitive
    /// execution runs: under the engine's lock, OpenMP at `Parallelism.threads`.
    func runningGEMMs(_ body: (DNNLGEMM) throws -> Void) throws {
        try exclusively { try body(DNNLGEMM()) }
    }
}

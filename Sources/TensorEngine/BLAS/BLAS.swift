import COpenBLAS

/// Row-major general matrix multiply through OpenBLAS: `C = alpha · op(A) · op(B) + beta · C`.
///
/// `A` is `[m, k]` (or `[k, m]` when `transposeA`), `B` is `[k, n]` (or `[n, k]`), `C` is `[m, n]`;
/// the leading dimensions are the row strides of the buffers as stored.
public enum BLAS {
    /// The OpenBLAS kernel in use, for benchmark and diagnostic output.
    public static var coreName: String { BLASLibrary.shared.coreName }

    /// Sets how many threads OpenBLAS uses for each following call.
    public static func setThreads(_ count: Int) {
        BLASThreadRegion.call { BLASLibrary.shared.setThreads(Int32(max(1, count))) }
    }

    /// Runs `body(worker)` for `0..<workers` in parallel with every GEMM they make on one
    /// OpenBLAS thread; other threads' BLAS calls wait until the region ends, when OpenBLAS is
    /// back to `Parallelism.threads`.
    public static func parallelSingleThreaded(workers: Int, _ body: (_ worker: Int) -> Void) {
        BLASThreadRegion.singleThreaded(workers: workers, restoring: Parallelism.threads, body)
    }

    /// `C = alpha · op(A) · op(B) + beta · C` in single precision.
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        BLASThreadRegion.call {
            BLASLibrary.shared.sgemm(
                CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        }
    }

    /// `C = alpha · op(A) · op(B) + beta · C` in double precision.
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Double = 1, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        BLASThreadRegion.call {
            BLASLibrary.shared.dgemm(
                CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
        }
    }
}

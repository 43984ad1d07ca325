import CKernels

/// A fp32 matrix `[rows, columns]` rounded to bf16 and packed once for `CKernels`'
/// `airs_bf16_gemm`, as the left operand of products with fp32 sums. Only built when
/// `InferencePrecision.isBF16Available`.
final class BF16Matrix {
    let rows: Int, columns: Int
    private let packed: UnsafeMutablePointer<UInt16>

    /// Packs `source` (row `r` at `source + r · rowStride`), each row multiplied by
    /// `rowScale[r]` in fp32 before rounding when given (a folded batch norm).
    init(rows: Int, columns: Int, source: UnsafePointer<Float>, rowStride: Int, rowScale: UnsafePointer<Float>? = nil) {
        self.rows = rows
        self.columns = columns
        packed = .allocate(capacity: Swift.max(1, airs_bf16_packed_a_count(Int32(rows), Int32(columns))))
        airs_bf16_pack_a(Int32(rows), Int32(columns), source, rowStride, rowScale, packed)
    }

    deinit { packed.deallocate() }

    /// `c [rows, n] = self · B` with `B[i][j] = b[i · bRowStride + j · bColumnStride]`
    /// (`columns` rows of B), rows of `c` `ldc` apart. `workspace` comes from
    /// `BF16Matrix.makeWorkspace()`, one per thread.
    func multiply(
        n: Int, b: UnsafePointer<Float>, bRowStride: Int, bColumnStride: Int = 1,
        into c: UnsafeMutablePointer<Float>, ldc: Int, workspace: UnsafeMutablePointer<UInt16>
    ) {
        airs_bf16_gemm(Int32(rows), Int32(n), Int32(columns), packed, b, bRowStride, bColumnStride, c, ldc, workspace)
    }

    /// Scratch space for one thread's `multiply` calls; the caller deallocates it.
    static func makeWorkspace() -> UnsafeMutablePointer<UInt16> { .allocate(capacity: airs_bf16_workspace_count()) }
}

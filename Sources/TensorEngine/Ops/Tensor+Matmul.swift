/// Matrix products through OpenBLAS.
extension Tensor {
    /// Matrix product over the last two dimensions, `[..., m, k] @ [..., k, n] → [..., m, n]`;
    /// leading (batch) dimensions broadcast. A rank-1 operand is not promoted: use 2-D shapes.
    /// Under `Tensor.withSplitInvariantGradients` fp32 products are summed in Double.
    public func matmul(_ other: Tensor) throws -> Tensor {
        guard rank >= 2, other.rank >= 2 else {
            throw TensorError.shapeMismatch(
                op: "matmul", lhs: shape, rhs: other.shape, hint: "both operands need at least 2 dimensions")
        }
        guard dtype == other.dtype else { throw TensorError.dtypeMismatch(op: "matmul", lhs: dtype, rhs: other.dtype) }
        let (m, k) = (shape[rank - 2], shape[rank - 1])
        let (k2, n) = (other.shape[other.rank - 2], other.shape[other.rank - 1])
        guard k == k2 else {
            throw TensorError.shapeMismatch(
                op: "matmul", lhs: shape, rhs: other.shape, hint: "inner dimensions \(k) and \(k2) differ")
        }
        let batch = try Shape.broadcast(Array(shape.dropLast(2)), Array(other.shape.dropLast(2)), op: "matmul")
        let a = broadcastView(to: batch + [m, k]).detached()
        let b = other.broadcastView(to: batch + [k, n]).detached()
        let result: Tensor
        if dtype == .float32, SplitInvariantGradients.enabled {
            // OpenBLAS's fp32 GEMM rounds a row differently with the other rows' count.
            result = try a.cast(to: .float64).matmul(b.cast(to: .float64)).cast(to: .float32)
        } else {
            result = Tensor.empty(batch + [m, n], dtype: dtype)
            dtype.dispatch(
                MatrixProducts(
                    lhs: a.matrixOperand(), rhs: b.matrixOperand(), batch: batch, m: m, n: n, k: k,
                    output: result))
        }
        let lhs = detached()
        let rhs = other.detached()
        return result.recorded(from: [self, other]) { g, needed in
            [
                needed[0] ? try g.matmul(rhs.transposed()).summed(toShape: lhs.shape) : nil,
                needed[1] ? try lhs.transposed().matmul(g).summed(toShape: rhs.shape) : nil,
            ]
        }
    }

    /// Matrix product operator.
    public static func ^* (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.matmul(rhs) }

    /// The storage to hand BLAS for the last two dimensions: this tensor if its matrices are
    /// row-major, or transposed row-major, else a contiguous copy.
    fileprivate func matrixOperand() -> (Tensor, transposed: Bool, leading: Int) {
        let rows = shape[rank - 2]
        let columns = shape[rank - 1]
        let rowStride = strides[rank - 2]
        let columnStride = strides[rank - 1]
        if columnStride == 1 && (rowStride >= columns || rows == 1) {
            return (self, false, Swift.max(rowStride, columns, 1))
        }
        if rowStride == 1 && (columnStride >= rows || columns == 1) {
            return (self, true, Swift.max(columnStride, rows, 1))
        }
        let copy = contiguous()
        return (copy, false, Swift.max(columns, 1))
    }

    /// Storage offset of matrix `index` of the batch (row-major over the batch dimensions).
    fileprivate func batchOffset(_ index: Int, batch: [Int]) -> Int {
        var remainder = index
        var result = offset
        for axis in stride(from: batch.count - 1, through: 0, by: -1) {
            result += (remainder % batch[axis]) * strides[axis]
            remainder /= batch[axis]
        }
        return result
    }
}

/// One GEMM per matrix of the batch, `output[i] = lhs[i] · rhs[i]`, each operand with its
/// storage, whether BLAS reads it transposed, and its leading dimension.
private struct MatrixProducts: ElementTypeGeneric {
    let lhs, rhs: (Tensor, transposed: Bool, leading: Int)
    let batch: [Int]
    let m, n, k: Int
    let output: Tensor

    func callAsFunction<T: TensorScalar>(_: T.Type) {
        let (a, b) = (lhs.0.storage.pointer(as: T.self), rhs.0.storage.pointer(as: T.self))
        for i in 0..<Shape.count(batch) {
            gemm(
                transposeA: lhs.transposed, transposeB: rhs.transposed, m: m, n: n, k: k,
                a: a + lhs.0.batchOffset(i, batch: batch), lda: lhs.leading,
                b: b + rhs.0.batchOffset(i, batch: batch), ldb: rhs.leading,
                beta: 0, c: output.mutablePointer(T.self) + i * m * n, ldc: n)
        }
    }
}

infix operator ^* : MultiplicationPrecedence

/// Matrix products through OpenBLAS.
extension Tensor {
    /// Matrix product over the last two dimensions, `[..., m, k] @ [..., k, n] → [..., m, n]`;
    /// leading (batch) dimensions broadcast. A rank-1 operand is not promoted: use 2-D shapes.
    public func matmul(_ other: Tensor) throws -> Tensor {
        guard rank >= 2, other.rank >= 2 else {
            throw TensorError.shapeMismatch(op: "matmul", lhs: shape, rhs: other.shape, hint: "both operands need at least 2 dimensions")
        }
        guard dtype == other.dtype else { throw TensorError.dtypeMismatch(op: "matmul", lhs: dtype, rhs: other.dtype) }
        let (m, k) = (shape[rank - 2], shape[rank - 1])
        let (k2, n) = (other.shape[other.rank - 2], other.shape[other.rank - 1])
        guard k == k2 else {
            throw TensorError.shapeMismatch(op: "matmul", lhs: shape, rhs: other.shape, hint: "inner dimensions \(k) and \(k2) differ")
        }
        let batch = try Shape.broadcast(Array(shape.dropLast(2)), Array(other.shape.dropLast(2)), op: "matmul")
        let a = broadcastView(to: batch + [m, k]).detached()
        let b = other.broadcastView(to: batch + [k, n]).detached()
        let result = Tensor.empty(batch + [m, n], dtype: dtype)
        let batches = Shape.count(batch)
        let (pa, ta, lda) = a.matrixOperand()
        let (pb, tb, ldb) = b.matrixOperand()
        for i in 0..<batches {
            let offA = pa.batchOffset(i, batch: batch), offB = pb.batchOffset(i, batch: batch)
            switch dtype {
            case .float32:
                BLAS.gemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k,
                          a: pa.storage.pointer(as: Float.self) + offA, lda: lda,
                          b: pb.storage.pointer(as: Float.self) + offB, ldb: ldb,
                          c: result.mutablePointer(Float.self) + i * m * n, ldc: n)
            case .float64:
                BLAS.gemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k,
                          a: pa.storage.pointer(as: Double.self) + offA, lda: lda,
                          b: pb.storage.pointer(as: Double.self) + offB, ldb: ldb,
                          c: result.mutablePointer(Double.self) + i * m * n, ldc: n)
            }
        }
        let lhs = detached(), rhs = other.detached()
        return result.recorded(from: [self, other]) { g, needed in
            [needed[0] ? try g.matmul(rhs.transposed()).summed(toShape: lhs.shape) : nil,
             needed[1] ? try lhs.transposed().matmul(g).summed(toShape: rhs.shape) : nil]
        }
    }

    /// Matrix product operator.
    public static func ^* (lhs: Tensor, rhs: Tensor) throws -> Tensor { try lhs.matmul(rhs) }

    /// The storage to hand BLAS for the last two dimensions: this tensor if its matrices are
    /// row-major, or transposed row-major, else a contiguous copy.
    private func matrixOperand() -> (Tensor, transposed: Bool, leading: Int) {
        let rows = shape[rank - 2], columns = shape[rank - 1]
        let rowStride = strides[rank - 2], columnStride = strides[rank - 1]
        if columnStride == 1 && (rowStride >= columns || rows == 1) { return (self, false, Swift.max(rowStride, columns, 1)) }
        if rowStride == 1 && (columnStride >= rows || columns == 1) { return (self, true, Swift.max(columnStride, rows, 1)) }
        let copy = contiguous()
        return (copy, false, Swift.max(columns, 1))
    }

    /// Storage offset of matrix `index` of the batch (row-major over the batch dimensions).
    private func batchOffset(_ index: Int, batch: [Int]) -> Int {
        var remainder = index, result = offset
        for axis in stride(from: batch.count - 1, through: 0, by: -1) {
            result += (remainder % batch[axis]) * strides[axis]
            remainder /= batch[axis]
        }
        return result
    }
}

infix operator ^*: MultiplicationPrecedence

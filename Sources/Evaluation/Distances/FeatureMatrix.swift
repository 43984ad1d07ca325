import TensorEngine

/// A validated `[rows, dim]` float32 feature (or distance) matrix, held contiguously so that
/// kernels can read it through a raw pointer.
struct FeatureMatrix: @unchecked Sendable {
    let tensor: Tensor
    let rows: Int
    let columns: Int

    /// Checks shape, emptiness and finiteness; `role` names the input in error messages.
    init(_ tensor: Tensor, role: String) throws {
        guard tensor.rank == 2 else {
            throw EvaluationError.badFeatureShape(role: role, shape: tensor.shape, expected: "[rows, columns]")
        }
        guard tensor.shape[0] > 0, tensor.shape[1] > 0 else { throw EvaluationError.empty(role: role) }
        let contiguous = (tensor.dtype == .float32 ? tensor : tensor.cast(to: .float32)).detached().contiguous()
        rows = tensor.shape[0]
        columns = tensor.shape[1]
        self.tensor = contiguous
        let columns = self.columns
        try contiguous.withUnsafeFloats { values in
            // NaN and ±inf are the only values whose `x - x` is not 0; the vectorisable check runs
            // first and the slow location search only when something is wrong.
            var bad: Float = 0
            for value in values { bad += value - value }
            guard bad == 0 else {
                let index = values.firstIndex { !$0.isFinite } ?? 0
                throw EvaluationError.nonFinite(
                    role: role, row: index / columns, column: index % columns,
                    value: values[index])
            }
        }
    }

    /// Calls `body` with the row-major elements.
    func withPointer<R>(_ body: (UnsafePointer<Float>) throws -> R) throws -> R {
        let role = "features"
        return try tensor.withUnsafeFloats { values in
            guard let base = values.baseAddress else { throw EvaluationError.empty(role: role) }
            return try body(base)
        }
    }
}

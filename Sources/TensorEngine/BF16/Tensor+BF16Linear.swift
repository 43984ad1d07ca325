extension Tensor {
    /// `linear(weight:bias:)` in bf16 with fp32 sums: `self` `[..., inFeatures]`, `weight`
    /// `[outFeatures, inFeatures]`, `bias` `[outFeatures]` → `[..., outFeatures]`. Returns
    /// nil — run the fp32 op instead — for float64 tensors, when a gradient would be recorded,
    /// or on a CPU without bf16 instructions.
    /// - Throws: `TensorError.shapeMismatch` when the shapes do not fit, as `linear` does.
    public func bf16Linear(weight: Tensor, bias: Tensor? = nil) throws -> Tensor? {
        guard dtype == .float32, weight.dtype == .float32, bias.map({ $0.dtype == .float32 }) ?? true,
            InferencePrecision.isBF16Available,
            !Tensor.recordsGradient(through: [self, weight, bias])
        else { return nil }
        guard weight.rank == 2, rank >= 1, shape[rank - 1] == weight.shape[1] else {
            throw TensorError.shapeMismatch(
                op: "bf16Linear", lhs: shape, rhs: weight.shape,
                hint: "weight must be [outFeatures, inFeatures] with inFeatures = the input's last dimension")
        }
        let (inFeatures, outFeatures) = (weight.shape[1], weight.shape[0])
        if let bias, bias.shape != [outFeatures] {
            throw TensorError.shapeMismatch(
                op: "bf16Linear", lhs: weight.shape, rhs: bias.shape,
                hint: "bias must be [outFeatures] = [\(outFeatures)]")
        }
        guard inFeatures > 0 else { return nil }
        let rows = count / inFeatures
        let x = detached().contiguous()
        let w = weight.detached().contiguous()
        let b = bias?.detached().contiguous()
        let result = Tensor.empty(Array(shape.dropLast()) + [outFeatures], dtype: .float32)
        withExtendedLifetime((x, w, b)) {
            // The inputs are the packed side (rows × inFeatures); the weight is read transposed.
            let matrix = BF16Matrix(
                rows: rows, columns: inFeatures, source: x.pointer(Float.self), rowStride: inFeatures)
            let workspace = BF16Matrix.makeWorkspace()
            defer { workspace.deallocate() }
            let y = result.mutablePointer(Float.self)
            matrix.multiply(
                n: outFeatures, b: w.pointer(Float.self), bRowStride: 1, bColumnStride: inFeatures,
                into: y, ldc: outFeatures, workspace: workspace)
            guard let bias = b?.pointer(Float.self) else { return }
            for r in 0..<rows {
                for o in 0..<outFeatures { y[r * outFeatures + o] += bias[o] }
            }
        }
        return result
    }
}

import TensorEngine

extension ImageNetwork {
    /// The outputs for `images` `[batch, 3, height, width]` with no gradient recorded, in
    /// `precision` (bf16 falls back to fp32 with a notice on a CPU without bf16 instructions):
    /// what a frozen teacher, gallery and query embedding and benchmarks call. A ResNet whose
    /// norms use running statistics (eval mode, or frozen) runs its backbone lowered into
    /// oneDNN (`ResNet+Inference.swift`); other networks run their own forward.
    public func inference(_ images: Tensor, precision: InferencePrecision) throws -> NetworkOutputs {
        try Tensor.withInferencePrecision(precision) {
            try Tensor.withoutGradient {
                if let network = self as? ResNet, let outputs = try network.loweredOutputs(images) { return outputs }
                return try self(images)
            }
        }
    }
}

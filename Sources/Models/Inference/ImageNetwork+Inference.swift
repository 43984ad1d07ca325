import TensorEngine

extension ImageNetwork {
    /// The outputs for `images` `[batch, 3, height, width]` with no gradient recorded, in
    /// `precision` (bf16 falls back to fp32 with a notice on a CPU without bf16 instructions):
    /// what a frozen teacher, gallery and query embedding and benchmarks call. A ResNet whose
    /// norms use running statistics (eval mode, or frozen) runs its backbone lowered into
    /// oneDNN (`ResNet+Inference.swift`); other networks run their own forward. `stages`:
    /// whether the caller reads `stageFeatures`; without them a lowered network keeps only the
    /// last map, for pooling (a ResNet101 batch of 256 at 256 px has 2 GB of stage maps).
    public func inference(_ images: Tensor, precision: InferencePrecision, stages: Bool = true) throws
        -> NetworkOutputs
    {
        try Tensor.withInferencePrecision(precision) {
            try Tensor.withoutGradient {
                if let network = self as? ResNet, let outputs = try network.loweredOutputs(images, stages: stages) {
                    return outputs
                }
                return try self(images)
            }
        }
    }
}

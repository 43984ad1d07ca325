import TensorEngine

extension ImageNetwork {
    /// The outputs for `images` `[batch, 3, height, width]` with no gradient recorded, in
    /// `precision` (bf16 falls back to fp32 with a notice on a CPU without bf16 instructions):
    /// what a frozen teacher, gallery and query embedding and benchmarks call. A ResNet whose
    /// norms use running statistics (eval mode, or frozen) runs its backbone lowered into
    /// oneDNN (`ResNet+Inference.swift`); other networks run their own forward. Without
    /// `keepsStageMaps` a lowered ResNet's `stageFeatures` is empty (embedding needs none,
    /// copying each map out of oneDNN's layout costs a pass over it, and a ResNet101 teacher's
    /// batch of 256 at 256 px has 2 GB of them).
    public func inference(
        _ images: Tensor, precision: InferencePrecision, keepsStageMaps: Bool = true
    ) throws -> NetworkOutputs {
        try Tensor.withInferencePrecision(precision) {
            try Tensor.withoutGradient {
                if let network = self as? ResNet,
                    let outputs = try network.loweredOutputs(images, keepsStageMaps: keepsStageMaps)
                {
                    return outputs
                }
                return try self(images)
            }
        }
    }

    /// The code path and arithmetic `inference(_:precision:)` takes on fp32 images now, e.g.
    /// `"oneDNN plan, bf16"` or `"forward, fp32"` (bf16 falls back to fp32 on a CPU without it):
    /// the paths round differently, so cached features must be keyed by it.
    public func inferencePath(precision: InferencePrecision) -> String {
        let lowered = (self as? ResNet)?.lowersInference ?? false
        return "\(lowered ? "oneDNN plan" : "forward"), \(precision.available().rawValue)"
    }
}

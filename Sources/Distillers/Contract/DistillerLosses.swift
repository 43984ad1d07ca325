import TensorEngine

/// The named loss terms of one training step, each already weighted (upstream's `losses` dict).
public struct DistillerLosses {
    /// `loss_ce`: `CE_LOSS_WEIGHT · L_CE` on the main batch.
    public var crossEntropy: Tensor
    /// `loss_triplet`: `TRIPLET_LOSS_WEIGHT · L_tri` on the main batch.
    public var triplet: Tensor
    /// `loss_kd`: `KD_WEIGHT · L_KD` on the distillation batch (0 for Vanilla).
    public var distillation: Tensor
    /// The student's main-batch logits `[batch, classes]` (for the training accuracy).
    public var logits: Tensor

    /// The terms under upstream's names, in upstream's order.
    public var named: [(name: String, value: Tensor)] {
        [("loss_ce", crossEntropy), ("loss_triplet", triplet), ("loss_kd", distillation)]
    }

    /// `loss_ce + loss_triplet + loss_kd`, in the widest dtype among them (upstream adds a
    /// float64 `loss_kd` to float32 terms the same way).
    public func total() throws -> Tensor {
        let terms = named.map(\.value)
        let dtype: DType = terms.contains { $0.dtype == .float64 } ? .float64 : .float32
        var sum = terms[0].cast(to: dtype)
        for term in terms.dropFirst() { sum = try sum + term.cast(to: dtype) }
        return sum
    }
}

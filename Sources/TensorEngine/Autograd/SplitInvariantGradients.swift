/// Training whose numbers do not depend on how the batch is split, over ranks or over
/// threads (`EXPERIMENT.REPRODUCIBLE`). In fp32 they do: a weight gradient is a sum over the
/// batch whose rounding depends on how it is associated (one GEMM over every sample, per-thread
/// partial sums, per-rank partial sums then an all-reduce), and OpenBLAS rounds even a single
/// sample's convolution output differently with the batch's size. A discrete choice later
/// (batch-hard mining, D3's top-k, max-pool) turns such a one-ulp difference into another run.
///
/// Inside `Tensor.withSplitInvariantGradients`, the ops through which parameters enter a
/// network (`conv2d`, batch norm, `linear`) and `matmul` compute their sums in Double from
/// fp32 operands: each product of two fp32 values is exact there, and a Double sum of them
/// rounds to the same fp32 value however it is associated, but in rare one-ulp cases. Outputs
/// and input gradients are rounded to fp32 at once; the gradient of a leaf (a parameter)
/// stays Double through autograd's accumulation and the ranks' all-reduce (`GradientSum` sums
/// each dtype as it is), and the optimizer rounds it once
/// (`Optimizer.roundGradientsToParameterPrecision`). Convolutions run on AIRS's own kernels
/// there, not oneDNN's.
public enum SplitInvariantGradients {
    @TaskLocal static var isOn = false

    /// Whether the ops run now record split-invariant gradients.
    public static var enabled: Bool { isOn }
}

extension Tensor {
    /// Runs `body` (forward passes, losses and their `backward()`) with the ops of
    /// `SplitInvariantGradients`; with `enabled` false, just `body`.
    public static func withSplitInvariantGradients<R>(_ enabled: Bool = true, _ body: () throws -> R) rethrows -> R {
        try SplitInvariantGradients.$isOn.withValue(enabled, operation: body)
    }

    /// Whether a split-invariant gradient for this tensor stays in Double: only for an fp32
    /// leaf (a parameter), whose gradient no other pullback reads.
    var takesDoubleGradient: Bool { dtype == .float32 && node?.isLeaf == true }
}

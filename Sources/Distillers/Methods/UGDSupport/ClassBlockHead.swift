import TensorEngine

/// A frozen ClassBlock head in eval mode (spec §1.1): `BN1d → ReLU → Linear (no bias) → BN1d`
/// gives the bottleneck, then `Linear (no bias)` the logits. All tensors are constants.
public struct ClassBlockHead: ClassifierHead {
    /// First BatchNorm `[channels]`: weight, bias, running mean, running variance.
    public var bn1: (weight: Tensor, bias: Tensor, mean: Tensor, variance: Tensor)
    /// Bottleneck weight `[width, channels]`.
    public var linearWeight: Tensor
    /// Second BatchNorm `[width]`.
    public var bn2: (weight: Tensor, bias: Tensor, mean: Tensor, variance: Tensor)
    /// Classifier weight `[classes, width]`.
    public var classifierWeight: Tensor

    /// A head from its tensors (detached: the teacher is frozen).
    public init(
        bn1: (weight: Tensor, bias: Tensor, mean: Tensor, variance: Tensor), linearWeight: Tensor,
        bn2: (weight: Tensor, bias: Tensor, mean: Tensor, variance: Tensor), classifierWeight: Tensor
    ) {
        self.bn1 = (bn1.weight.detached(), bn1.bias.detached(), bn1.mean.detached(), bn1.variance.detached())
        self.linearWeight = linearWeight.detached()
        self.bn2 = (bn2.weight.detached(), bn2.bias.detached(), bn2.mean.detached(), bn2.variance.detached())
        self.classifierWeight = classifierWeight.detached()
    }

    /// Eval-mode forward pass of pooled rows `[n, channels]`.
    public func classify(_ rows: Tensor) throws -> (logits: Tensor, bottleneck: Tensor) {
        var (mean1, variance1, mean2, variance2) = (bn1.mean, bn1.variance, bn2.mean, bn2.variance)
        let normalized = try rows.batchNorm(
            weight: bn1.weight, bias: bn1.bias, runningMean: &mean1,
            runningVariance: &variance1, training: false)
        let hidden = try normalized.relu().matmul(linearWeight.transposed())
        let bottleneck = try hidden.batchNorm(
            weight: bn2.weight, bias: bn2.bias, runningMean: &mean2,
            runningVariance: &variance2, training: false)
        return (try bottleneck.matmul(classifierWeight.transposed()), bottleneck)
    }
}

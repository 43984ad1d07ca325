import TensorEngine

/// One of UGD's learnable projectors: `BN1d(channels) → Linear(channels → width, no bias) →
/// BN1d(width)`, both BatchNorms in training mode. Identity matters (the optimizer updates it
/// and checkpoints save it), so it is a class.
public final class UGDProjector {
    /// Learnable tensors (autograd leaves), by their state-dict suffix.
    public private(set) var bn1Weight, bn1Bias, linearWeight, bn2Weight, bn2Bias: Tensor
    /// Running statistics, updated by every forward pass (momentum 0.1, unbiased variance).
    public private(set) var bn1RunningMean, bn1RunningVariance, bn2RunningMean, bn2RunningVariance: Tensor

    /// A projector with upstream's initialisation: BN weight 1, bias 0, running mean 0 and
    /// variance 1; the Linear weight `[width, channels]` Kaiming-normal with fan-out, `N(0, 2/width)`.
    public init(channels: Int, width: Int = 512, dtype: DType = .float32, generator: inout RandomGenerator) {
        bn1Weight = Tensor.ones([channels], dtype: dtype).requiringGradient()
        bn1Bias = Tensor.zeros([channels], dtype: dtype).requiringGradient()
        linearWeight = Tensor.randomNormal([width, channels], std: (2 / Double(width)).squareRoot(), dtype: dtype,
                                           using: &generator).requiringGradient()
        bn2Weight = Tensor.ones([width], dtype: dtype).requiringGradient()
        bn2Bias = Tensor.zeros([width], dtype: dtype).requiringGradient()
        bn1RunningMean = Tensor.zeros([channels], dtype: dtype)
        bn1RunningVariance = Tensor.ones([channels], dtype: dtype)
        bn2RunningMean = Tensor.zeros([width], dtype: dtype)
        bn2RunningVariance = Tensor.ones([width], dtype: dtype)
    }

    /// A projector over the given tensors as they are (no new autograd leaves): gradient checks
    /// differentiate through them. Running statistics start at mean 0, variance 1.
    init(bn1Weight: Tensor, bn1Bias: Tensor, linearWeight: Tensor, bn2Weight: Tensor, bn2Bias: Tensor) {
        (self.bn1Weight, self.bn1Bias, self.linearWeight, self.bn2Weight, self.bn2Bias) =
            (bn1Weight, bn1Bias, linearWeight, bn2Weight, bn2Bias)
        bn1RunningMean = Tensor.zeros(bn1Weight.shape, dtype: bn1Weight.dtype)
        bn1RunningVariance = Tensor.ones(bn1Weight.shape, dtype: bn1Weight.dtype)
        bn2RunningMean = Tensor.zeros(bn2Weight.shape, dtype: bn2Weight.dtype)
        bn2RunningVariance = Tensor.ones(bn2Weight.shape, dtype: bn2Weight.dtype)
    }

    /// The learnable tensors under their upstream names (`bn1.weight`, …, `bn2.bias`).
    public var parameters: [(name: String, tensor: Tensor)] {
        [("bn1.weight", bn1Weight), ("bn1.bias", bn1Bias), ("linear.weight", linearWeight),
         ("bn2.weight", bn2Weight), ("bn2.bias", bn2Bias)]
    }

    /// The running statistics under their upstream names.
    public var buffers: [(name: String, tensor: Tensor)] {
        [("bn1.running_mean", bn1RunningMean), ("bn1.running_var", bn1RunningVariance),
         ("bn2.running_mean", bn2RunningMean), ("bn2.running_var", bn2RunningVariance)]
    }

    /// Replaces a parameter or buffer by name (an optimizer step, a checkpoint load); the shape
    /// must not change. Parameters become fresh autograd leaves.
    public func assign(_ name: String, _ value: Tensor) throws {
        let leaf = value.detached().requiringGradient(), constant = value.detached()
        func replace(_ slot: inout Tensor, with new: Tensor) throws {
            guard slot.shape == new.shape else {
                throw DistillerError.shapeMismatch(loss: "UGD projector", message: "'\(name)' has shape \(slot.shape), not \(new.shape)")
            }
            slot = new.cast(to: slot.dtype)
        }
        switch name {
        case "bn1.weight": try replace(&bn1Weight, with: leaf)
        case "bn1.bias": try replace(&bn1Bias, with: leaf)
        case "linear.weight": try replace(&linearWeight, with: leaf)
        case "bn2.weight": try replace(&bn2Weight, with: leaf)
        case "bn2.bias": try replace(&bn2Bias, with: leaf)
        case "bn1.running_mean": try replace(&bn1RunningMean, with: constant)
        case "bn1.running_var": try replace(&bn1RunningVariance, with: constant)
        case "bn2.running_mean": try replace(&bn2RunningMean, with: constant)
        case "bn2.running_var": try replace(&bn2RunningVariance, with: constant)
        default:
            throw DistillerError.unknownParameter(name: name, method: "UGD projector",
                                                  validNames: (parameters + buffers).map(\.name))
        }
    }

    /// Projects rows `[n, channels]` to `[n, width]` and updates the running statistics
    /// (training-mode BatchNorms: batch statistics, momentum 0.1, unbiased running variance).
    public func callAsFunction(_ rows: Tensor) throws -> Tensor {
        let first = try rows.batchNorm(weight: bn1Weight, bias: bn1Bias, runningMean: &bn1RunningMean,
                                       runningVariance: &bn1RunningVariance, training: true)
        let hidden = try first.matmul(linearWeight.transposed())
        return try hidden.batchNorm(weight: bn2Weight, bias: bn2Bias, runningMean: &bn2RunningMean,
                                    runningVariance: &bn2RunningVariance, training: true)
    }
}

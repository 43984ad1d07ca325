import TensorEngine

// BatchNorm1d written with autograd ops until TensorEngine's fused `batchNorm` lands.

/// Training-mode BatchNorm1d over rows `[n, features]`: batch mean, biased batch variance.
/// Returns the output and the batch statistics (mean, biased variance) for the running update.
func batchNormTraining(_ x: Tensor, weight: Tensor, bias: Tensor, epsilon: Double = 1e-5) throws
    -> (output: Tensor, mean: Tensor, variance: Tensor) {
    let mean = try x.mean(axis: 0, keepingDimensions: true)
    let centered = try x - mean
    let variance = try centered.square().mean(axis: 0, keepingDimensions: true)
    let output = try centered / (variance + epsilon).sqrt() * weight + bias
    return (output, try mean.reshaped([-1]).detached(), try variance.reshaped([-1]).detached())
}

/// Eval-mode BatchNorm1d: a constant affine map with running statistics.
func batchNormInference(_ x: Tensor, weight: Tensor, bias: Tensor, runningMean: Tensor,
                        runningVariance: Tensor, epsilon: Double = 1e-5) throws -> Tensor {
    try (x - runningMean) / (runningVariance + epsilon).sqrt() * weight + bias
}

/// PyTorch's running-statistics update: `(1 − m)·running + m·batch`, with the variance made
/// unbiased (`· n/(n−1)`) first.
func updatedRunningStatistics(mean: Tensor, variance: Tensor, batchMean: Tensor, batchVariance: Tensor,
                              rows: Int, momentum: Double = 0.1) throws -> (mean: Tensor, variance: Tensor) {
    let unbiased = try batchVariance * (Double(rows) / Double(Swift.max(rows - 1, 1)))
    return (try (mean * (1 - momentum) + batchMean * momentum).detached(),
            try (variance * (1 - momentum) + unbiased * momentum).detached())
}

import NeuralNetwork
import TensorEngine

/// Maps pooled rows `[n, channels]` to `[n, width]`, as UGD's projectors do. `ugdTerms` takes
/// any projector, so a gradient check can differentiate through plain tensors.
public protocol RowProjector {
    /// Projects rows `[n, channels]` to `[n, width]`.
    func callAsFunction(_ rows: Tensor) throws -> Tensor
}

/// One of UGD's learnable projectors: `BN1d(channels) → Linear(channels → width, no bias) →
/// BN1d(width)`. A module of the run: its parameters are in the run's one optimizer (with the
/// bias rule of spec/training.md §4) and its state in the run's checkpoints and resume file.
public final class UGDProjector: Module, RowProjector {
    /// Batch statistics when training (as upstream, where the projectors train with the student).
    public var isTraining = true
    /// Learnable tensors, named by their state-dict suffix (`bn1.weight`, …).
    public let bn1Weight, bn1Bias, linearWeight, bn2Weight, bn2Bias: Parameter
    /// Running statistics (momentum 0.1, unbiased variance), as BatchNorm1d keeps them.
    public let bn1RunningMean, bn1RunningVariance, bn2RunningMean, bn2RunningVariance: Buffer

    /// A projector with upstream's initialisation: BN weight 1, bias 0, running mean 0 and
    /// variance 1; the Linear weight `[width, channels]` Kaiming-normal with fan-out,
    /// `N(0, 2/width)`.
    public init(
        channels: Int, width: Int = 512, dtype: DType = .float32, generator: inout RandomGenerator
    ) {
        bn1Weight = Parameter(Tensor.ones([channels], dtype: dtype))
        bn1Bias = Parameter(Tensor.zeros([channels], dtype: dtype))
        linearWeight = Parameter(
            Tensor.randomNormal(
                [width, channels], std: (2 / Double(width)).squareRoot(),
                dtype: dtype, using: &generator))
        bn2Weight = Parameter(Tensor.ones([width], dtype: dtype))
        bn2Bias = Parameter(Tensor.zeros([width], dtype: dtype))
        bn1RunningMean = Buffer(Tensor.zeros([channels], dtype: dtype))
        bn1RunningVariance = Buffer(Tensor.ones([channels], dtype: dtype))
        bn2RunningMean = Buffer(Tensor.zeros([width], dtype: dtype))
        bn2RunningVariance = Buffer(Tensor.ones([width], dtype: dtype))
    }

    /// The learnable tensors under the golden files' names (`bn1.weight`, …, `bn2.bias`).
    public var ownParameters: [(name: String, parameter: Parameter)] {
        [
            ("bn1.weight", bn1Weight), ("bn1.bias", bn1Bias), ("linear.weight", linearWeight),
            ("bn2.weight", bn2Weight), ("bn2.bias", bn2Bias),
        ]
    }

    /// The running statistics.
    public var ownBuffers: [(name: String, buffer: Buffer)] {
        [
            ("bn1.running_mean", bn1RunningMean), ("bn1.running_var", bn1RunningVariance),
            ("bn2.running_mean", bn2RunningMean), ("bn2.running_var", bn2RunningVariance),
        ]
    }

    /// The two BatchNorms' running statistics, as plain tensors.
    struct Statistics {
        var mean1, variance1, mean2, variance2: Tensor
    }

    /// Projects rows `[n, channels]` to `[n, width]`; in training mode with batch statistics,
    /// updating the running statistics.
    public func callAsFunction(_ rows: Tensor) throws -> Tensor {
        var statistics = Statistics(
            mean1: bn1RunningMean.value, variance1: bn1RunningVariance.value,
            mean2: bn2RunningMean.value, variance2: bn2RunningVariance.value)
        let weights = [bn1Weight, bn1Bias, linearWeight, bn2Weight, bn2Bias].map(\.value)
        let output = try Self.project(
            rows, weights: weights, statistics: &statistics, training: isTraining)
        bn1RunningMean.value = statistics.mean1
        bn1RunningVariance.value = statistics.variance1
        bn2RunningMean.value = statistics.mean2
        bn2RunningVariance.value = statistics.variance2
        return output
    }

    /// The forward pass over plain tensors: `weights` are bn1 weight and bias, the Linear
    /// weight, bn2 weight and bias.
    static func project(
        _ rows: Tensor, weights: [Tensor], statistics: inout Statistics, training: Bool
    )
        throws -> Tensor
    {
        let first = try rows.batchNorm(
            weight: weights[0], bias: weights[1], runningMean: &statistics.mean1,
            runningVariance: &statistics.variance1, training: training)
        let hidden = try first.matmul(weights[2].transposed())
        return try hidden.batchNorm(
            weight: weights[3], bias: weights[4], runningMean: &statistics.mean2,
            runningVariance: &statistics.variance2, training: training)
    }
}

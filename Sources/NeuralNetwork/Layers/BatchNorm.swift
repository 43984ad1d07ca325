import TensorEngine

/// Batch normalisation over the channel axis (axis 1) of `[batch, channels]` (BatchNorm1d) or
/// `[batch, channels, height, width]` (BatchNorm2d), as PyTorch computes it.
///
/// Training mode normalises with the batch mean and the biased batch variance and updates
/// `running_mean`/`running_var` by `(1 − momentum)·running + momentum·batch`, using the unbiased
/// variance for `running_var`, and counts `num_batches_tracked`. Evaluation mode — and a frozen
/// layer always (the teacher) — uses the running statistics.
public final class BatchNorm: ShapeTracing {
    /// Training or evaluation mode (see `Module.isTraining`).
    public var isTraining = true
    /// Per-channel scale `[features]` (state-dict `weight`).
    public let weight: Parameter
    /// Per-channel shift `[features]`.
    public let bias: Parameter
    /// `running_mean` `[features]`.
    public let runningMean: Buffer
    /// `running_var` `[features]` (unbiased batch variances averaged in).
    public let runningVariance: Buffer
    /// `num_batches_tracked`: training-mode forward passes so far (an int64 scalar in PyTorch).
    public let batchesTracked: Buffer
    /// Channel count.
    public let features: Int
    /// Added to the variance before the square root.
    public let epsilon: Double
    /// Weight of the batch statistics in the running update.
    public let momentum: Double

    /// `epsilon` and `momentum` default to PyTorch's 1e-5 and 0.1 (MobileNetV3 uses 1e-3, 0.01).
    public init(features: Int, epsilon: Double = 1e-5, momentum: Double = 0.1) {
        self.features = features
        self.epsilon = epsilon
        self.momentum = momentum
        weight = Parameter(.ones([features]))
        bias = Parameter(.zeros([features]))
        runningMean = Buffer(.zeros([features]))
        runningVariance = Buffer(.ones([features]))
        batchesTracked = Buffer(.zeros([]), isInteger: true)
    }

    /// `weight` then `bias`, PyTorch's state-dict order.
    public var ownParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }
    /// `running_mean`, `running_var`, `num_batches_tracked`, PyTorch's order.
    public var ownBuffers: [(name: String, buffer: Buffer)] {
        [("running_mean", runningMean), ("running_var", runningVariance), ("num_batches_tracked", batchesTracked)]
    }

    /// Whether batch statistics are used: training mode and not frozen.
    public var usesBatchStatistics: Bool { isTraining && !weight.isFrozen }

    /// Normalises `input` `[batch, features, ...]`; in training mode also updates the running
    /// statistics and counts the batch.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var tally = ComplexityTally()
        _ = try trace(input.shape, &tally)
        let training = usesBatchStatistics
        var mean = runningMean.value
        var variance = runningVariance.value
        let output = try input.batchNorm(
            weight: weight.value, bias: bias.value, runningMean: &mean, runningVariance: &variance,
            training: training, momentum: momentum, epsilon: epsilon)
        if training {
            runningMean.value = mean
            runningVariance.value = variance
            batchesTracked.value = try batchesTracked.value + 1
        }
        return output
    }

    /// The input shape unchanged, adding ptflops' MACs; a training batch with one value per
    /// channel is rejected when `tally` checks for it.
    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        guard input.count >= 2, input[1] == features else {
            throw tally.badInput(input, expected: "[batch, \(features), ...]")
        }
        if tally.checksTrainingBatches, usesBatchStatistics, Shape.count(input) / features < 2 {
            throw LayerError.singleValueBatch(layer: tally.location, shape: input)
        }
        // ptflops' norm hook: each input element once, twice when affine.
        tally.add(2 * Shape.count(input))
        return input
    }
}

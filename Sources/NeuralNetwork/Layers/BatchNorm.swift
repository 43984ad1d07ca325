import TensorEngine

/// Batch normalisation over the channel axis (axis 1) of `[batch, channels]` (BatchNorm1d) or
/// `[batch, channels, height, width]` (BatchNorm2d), as PyTorch computes it.
///
/// Training mode normalises with the batch mean and the biased batch variance and updates
/// `running_mean`/`running_var` by `(1 − momentum)·running + momentum·batch`, using the unbiased
/// variance for `running_var`, and counts `num_batches_tracked`. Evaluation mode — and a frozen
/// layer always (the teacher) — uses the running statistics.
public final class BatchNorm: ShapeTracing {
    public var isTraining = true
    public let weight: Parameter
    public let bias: Parameter
    public let runningMean: Buffer
    public let runningVariance: Buffer
    public let batchesTracked: Buffer
    public let features: Int
    public let epsilon: Double
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

    public var ownParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }
    public var ownBuffers: [(name: String, buffer: Buffer)] {
        [("running_mean", runningMean), ("running_var", runningVariance), ("num_batches_tracked", batchesTracked)]
    }

    /// Whether batch statistics are used: training mode and not frozen.
    public var usesBatchStatistics: Bool { isTraining && !weight.isFrozen }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var tally = ComplexityTally()
        _ = try trace(input.shape, &tally)
        let statsShape = [1, features] + Array(repeating: 1, count: input.rank - 2)
        let w = try weight.value.reshaped(statsShape), b = try bias.value.reshaped(statsShape)
        guard usesBatchStatistics else {
            let mean = try runningMean.value.reshaped(statsShape), variance = try runningVariance.value.reshaped(statsShape)
            let scale = try w / (variance + epsilon).sqrt()
            return try (input - mean) * scale + b
        }
        let axes = [0] + Array(2..<input.rank)
        let values = input.count / features
        guard values > 1 else { throw LayerError.singleValueBatch(layer: "BatchNorm(\(features))", shape: input.shape) }
        let mean = try input.mean(axes: axes, keepingDimensions: true)
        let centered = try input - mean
        let variance = try centered.square().mean(axes: axes, keepingDimensions: true)
        try updateRunningStatistics(mean: mean.detached(), biasedVariance: variance.detached(), count: values)
        return try centered / (variance + epsilon).sqrt() * w + b
    }

    private func updateRunningStatistics(mean: Tensor, biasedVariance: Tensor, count: Int) throws {
        let unbiased = try biasedVariance.reshaped([features]) * (Double(count) / Double(count - 1))
        runningMean.value = try runningMean.value * (1 - momentum) + mean.reshaped([features]) * momentum
        runningVariance.value = try runningVariance.value * (1 - momentum) + unbiased * momentum
        batchesTracked.value = try batchesTracked.value + 1
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        guard input.count >= 2, input[1] == features else {
            throw tally.badInput(input, expected: "[batch, \(features), ...]")
        }
        // ptflops' norm hook: each input element once, twice when affine.
        tally.add(2 * Shape.count(input))
        return input
    }
}

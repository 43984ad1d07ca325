import Foundation

/// Batch, instance and layer normalisation, all on one per-channel kernel pair.
extension Tensor {
    /// PyTorch's `batch_norm` on `[batch, channels]` (BN1d) or `[batch, channels, height, width]`
    /// (BN2d); `weight`, `bias`, `runningMean`, `runningVariance` are `[channels]`.
    ///
    /// Training: normalises with the batch mean and biased variance, and replaces the running
    /// statistics with `(1 − momentum)·running + momentum·batch`, using the *unbiased* batch
    /// variance (no gradient flows into them). Evaluation: normalises with the running statistics.
    /// Inside `Tensor.synchronizingBatchNorm(over:)` training takes the statistics of the batch
    /// all ranks hold together (synchronised batch norm), and the unbiased correction its count.
    public func batchNorm(
        weight: Tensor?, bias: Tensor?, runningMean: inout Tensor, runningVariance: inout Tensor,
        training: Bool, momentum: Double = 0.1, epsilon: Double = 1e-5
    ) throws -> Tensor {
        let op = "batchNorm"
        guard rank >= 2 else {
            throw TensorError.invalidArgument(op: op, message: "input of shape \(shape) must be [batch, channels, ...]")
        }
        let channels = shape[1]
        for (name, tensor) in [
            ("weight", weight), ("bias", bias), ("runningMean", runningMean), ("runningVariance", runningVariance),
        ] {
            if let tensor, tensor.shape != [channels] {
                throw TensorError.shapeMismatch(
                    op: op, lhs: shape, rhs: tensor.shape, hint: "\(name) must be [\(channels)], one per input channel")
            }
        }
        let layout = NormalizationLayout(
            outer: shape[0], channels: channels, inner: Shape.count(Array(shape.dropFirst(2))))
        let group = training ? SynchronizedBatchNorm.group : nil
        // Synchronised, the count that matters is the global one, known after the reduction.
        guard !training || group != nil || layout.reduced > 1 else {
            throw TensorError.invalidArgument(
                op: op, message: "training needs more than one value per channel, got input \(shape)")
        }
        if !training {
            let given = (runningMean.doubles, runningVariance.doubles)
            return try normalized(layout: layout, weight: weight, bias: bias, statistics: given, epsilon: epsilon)
                .result
        }
        let (result, mean, variance, reduced) = try normalized(
            layout: layout, weight: weight, bias: bias, statistics: nil, epsilon: epsilon, group: group)
        guard reduced > 1 else {
            throw TensorError.invalidArgument(
                op: op,
                message: "training needs more than one value per channel, got \(reduced) over every rank's batch")
        }
        let correction = Double(reduced) / Double(reduced - 1)
        let oldMean = runningMean.doubles
        let oldVariance = runningVariance.doubles
        runningMean = try Tensor(
            shape: [channels],
            doubles: (0..<channels).map {
                (1 - momentum) * oldMean[$0] + momentum * mean[$0]
            }
        ).cast(to: runningMean.dtype)
        runningVariance = try Tensor(
            shape: [channels],
            doubles: (0..<channels).map {
                (1 - momentum) * oldVariance[$0] + momentum * variance[$0] * correction
            }
        ).cast(to: runningVariance.dtype)
        return result
    }

    /// PyTorch's `InstanceNorm2d(affine: true)` as IBN-a uses it: each `(sample, channel)`
    /// plane of `[batch, channels, height, width]` normalised by its own statistics (in
    /// training and evaluation alike), then scaled by `weight` and shifted by `bias` (`[channels]`).
    public func instanceNorm(weight: Tensor?, bias: Tensor?, epsilon: Double = 1e-5) throws -> Tensor {
        let op = "instanceNorm"
        guard rank >= 3 else {
            throw TensorError.invalidArgument(
                op: op, message: "input of shape \(shape) must be [batch, channels, height, width]")
        }
        let channels = shape[1]
        for (name, tensor) in [("weight", weight), ("bias", bias)] {
            if let tensor, tensor.shape != [channels] {
                throw TensorError.shapeMismatch(
                    op: op, lhs: shape, rhs: tensor.shape, hint: "\(name) must be [\(channels)], one per input channel")
            }
        }
        let inner = Shape.count(Array(shape.dropFirst(2)))
        guard inner > 1 else {
            throw TensorError.invalidArgument(
                op: op, message: "needs more than one spatial value per channel, got input \(shape)")
        }
        let layout = NormalizationLayout(outer: 1, channels: shape[0] * channels, inner: inner)
        let plain = try normalized(layout: layout, weight: nil, bias: nil, statistics: nil, epsilon: epsilon).result
        let perChannel = [channels] + [Int](repeating: 1, count: rank - 2)
        let scaled = try weight.map { try plain * $0.reshaped(perChannel) } ?? plain
        return try bias.map { try scaled + $0.reshaped(perChannel) } ?? scaled
    }

    /// PyTorch's `layer_norm` over the last `dimensions` axes: each row normalised by its own
    /// mean and biased variance, then `· weight + bias` elementwise (both of the normalised
    /// shape, e.g. `[features]`).
    public func layerNorm(dimensions: Int = 1, weight: Tensor?, bias: Tensor?, epsilon: Double = 1e-5) throws -> Tensor
    {
        let op = "layerNorm"
        guard dimensions >= 1, dimensions <= rank else {
            throw TensorError.invalidArgument(
                op: op, message: "cannot normalise the last \(dimensions) dimensions of shape \(shape)")
        }
        let normalizedShape = Array(shape.suffix(dimensions))
        for (name, tensor) in [("weight", weight), ("bias", bias)] {
            if let tensor, tensor.shape != normalizedShape {
                throw TensorError.shapeMismatch(
                    op: op, lhs: shape, rhs: tensor.shape, hint: "\(name) must be \(normalizedShape)")
            }
        }
        let features = Shape.count(normalizedShape)
        let layout = NormalizationLayout(outer: 1, channels: count / Swift.max(features, 1), inner: features)
        let plain = try normalized(layout: layout, weight: nil, bias: nil, statistics: nil, epsilon: epsilon).result
        let scaled = try weight.map { try plain * $0 } ?? plain
        return try bias.map { try scaled + $0 } ?? scaled
    }

    /// `(x − mean[c]) / √(variance[c] + ε) · weight[c] + bias[c]` over `layout`, with the given
    /// statistics or (when `nil`) the biased batch statistics, which are returned with the
    /// count of elements they were taken over: with a `group`, those of every rank's `self`
    /// together (and the backward reduces its sums over the group too).
    func normalized(
        layout: NormalizationLayout, weight: Tensor?, bias: Tensor?, statistics: ([Double], [Double])?, epsilon: Double,
        group: (any ProcessGroup)? = nil
    ) throws -> (result: Tensor, mean: [Double], variance: [Double], reduced: Int) {
        for tensor in [weight, bias].compactMap({ $0 }) where tensor.dtype != dtype {
            throw TensorError.dtypeMismatch(op: "normalize", lhs: dtype, rhs: tensor.dtype)
        }
        let x = detached().contiguous()
        let w = weight?.detached().contiguous()
        let b = bias?.detached().contiguous()
        let (mean, variance, reduced): ([Double], [Double], Int)
        if let statistics {
            (mean, variance, reduced) = (statistics.0, statistics.1, layout.reduced)
        } else if let group {
            (mean, variance, reduced) = try dtype.dispatch(
                SynchronizedNormalizationStatistics(input: x, layout: layout, group: group))
        } else {
            (mean, variance) = dtype.dispatch(NormalizationStatistics(input: x, layout: layout))
            reduced = layout.reduced
        }
        let invStd = variance.map { 1 / Foundation.sqrt($0 + epsilon) }
        let result = Tensor.empty(shape, dtype: dtype)
        dtype.dispatch(
            NormalizationForward(
                input: x, weight: w, bias: b, output: result, mean: mean, invStd: invStd,
                layout: layout))
        let inputs = [self] + [weight, bias].compactMap { $0 }
        let (fixedMean, batchStatistics) = (mean, statistics == nil)
        let recorded = result.recorded(from: inputs) { gradient, needed in
            let dy = gradient.contiguous()
            let dx = needed[0] ? Tensor.empty(x.shape, dtype: x.dtype) : nil
            let dw = w != nil && needed[1] ? Tensor.empty([layout.channels], dtype: x.dtype) : nil
            let db = b != nil && needed[needed.count - 1] ? Tensor.empty([layout.channels], dtype: x.dtype) : nil
            if let group, batchStatistics {
                try dy.dtype.dispatch(
                    SynchronizedNormalizationBackward(
                        input: x, weight: w, outputGradient: dy, mean: fixedMean, invStd: invStd, count: reduced,
                        layout: layout, group: group, inputGradient: dx, weightGradient: dw, biasGradient: db))
                return [dx] + (w != nil ? [dw] : []) + (b != nil ? [db] : [])
            }
            dy.dtype.dispatch(
                NormalizationBackward(
                    input: x, weight: w, outputGradient: dy, mean: fixedMean, invStd: invStd,
                    batchStatistics: batchStatistics, layout: layout, inputGradient: dx,
                    weightGradient: dw, biasGradient: db))
            return [dx] + (w != nil ? [dw] : []) + (b != nil ? [db] : [])
        }
        return (recorded, mean, variance, reduced)
    }
}

/// The biased mean and variance of each channel of a normalisation layout.
private struct NormalizationStatistics: ElementTypeGeneric {
    let input: Tensor
    let layout: NormalizationLayout

    func callAsFunction<T: TensorScalar>(_: T.Type) -> ([Double], [Double]) {
        var mean = [Double](repeating: 0, count: layout.channels)
        var variance = mean
        withExtendedLifetime(input) {
            normalizationStatistics(input.pointer(T.self), mean: &mean, variance: &variance, layout)
        }
        return (mean, variance)
    }
}

/// `(x − mean[c]) · invStd[c] · weight[c] + bias[c]` into `output`.
private struct NormalizationForward: ElementTypeGeneric {
    let input: Tensor
    let weight, bias: Tensor?
    let output: Tensor
    let mean, invStd: [Double]
    let layout: NormalizationLayout

    func callAsFunction<T: TensorScalar>(_: T.Type) {
        withExtendedLifetime((input, weight, bias)) {
            normalizationForward(
                input.pointer(T.self), output.mutablePointer(T.self), mean: mean, invStd: invStd,
                weight: weight?.pointer(T.self), bias: bias?.pointer(T.self), layout)
        }
    }
}

/// The normalisation's gradients that are not nil; through the statistics too when they were
/// the batch's.
private struct NormalizationBackward: ElementTypeGeneric {
    let input: Tensor
    let weight: Tensor?
    let outputGradient: Tensor
    let mean, invStd: [Double]
    let batchStatistics: Bool
    let layout: NormalizationLayout
    let inputGradient, weightGradient, biasGradient: Tensor?

    func callAsFunction<T: TensorScalar>(_: T.Type) {
        withExtendedLifetime((input, weight, outputGradient)) {
            normalizationBackward(
                input.pointer(T.self), outputGradient.pointer(T.self), mean: mean, invStd: invStd,
                weight: weight?.pointer(T.self), batchStatistics: batchStatistics, layout,
                dx: inputGradient?.mutablePointer(T.self),
                dw: weightGradient?.mutablePointer(T.self),
                db: biasGradient?.mutablePointer(T.self))
        }
    }
}

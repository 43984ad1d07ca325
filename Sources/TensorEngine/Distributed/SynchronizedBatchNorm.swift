/// Synchronised batch norm: in data-parallel training every rank holds a slice of the global
/// batch, and training-mode `batchNorm` must normalise with the statistics of the whole batch
/// for the ranks to train the model one process would. The group reaches the op task-locally,
/// so that only the network run inside `Tensor.synchronizingBatchNorm(over:)` (the student)
/// is synchronised: the frozen teacher normalises with running statistics anyway, and method
/// modules run on gathered tensors, which already hold the whole batch.
public enum SynchronizedBatchNorm {
    @TaskLocal static var current: (any ProcessGroup)?

    /// The group training-mode batch norm reduces over now; nil on one process.
    public static var group: (any ProcessGroup)? { current }
}

extension Tensor {
    /// Runs `body` with training-mode `batchNorm` taking its statistics over every rank of
    /// `group` (two per-channel all-reduces in the forward, one in the backward, in Double).
    /// With a group of one it just runs `body`.
    public static func synchronizingBatchNorm<R>(over group: any ProcessGroup, _ body: () throws -> R) rethrows -> R {
        guard group.size > 1 else { return try body() }
        return try SynchronizedBatchNorm.$current.withValue(group, operation: body)
    }
}

/// The biased per-channel mean and variance of every rank's input together, and their count.
struct SynchronizedNormalizationStatistics: ElementTypeGeneric {
    typealias Failure = any Error
    let input: Tensor
    let layout: NormalizationLayout
    let group: any ProcessGroup

    func callAsFunction<T: TensorScalar>(_: T.Type) throws -> ([Double], [Double], Int) {
        var mean: [Double] = []
        var variance: [Double] = []
        let count = try withExtendedLifetime(input) {
            try synchronizedStatistics(
                input.pointer(T.self), mean: &mean, variance: &variance, layout, reduce: group.allReduceSum)
        }
        return (mean, variance, count)
    }
}

/// The gradients of a synchronised batch norm (see `synchronizedNormalizationBackward`).
struct SynchronizedNormalizationBackward: ElementTypeGeneric {
    typealias Failure = any Error
    let input: Tensor
    let weight: Tensor?
    let outputGradient: Tensor
    let mean, invStd: [Double]
    let count: Int
    let layout: NormalizationLayout
    let group: any ProcessGroup
    let inputGradient, weightGradient, biasGradient: Tensor?

    func callAsFunction<T: TensorScalar>(_: T.Type) throws {
        try withExtendedLifetime((input, weight, outputGradient)) {
            try synchronizedNormalizationBackward(
                input.pointer(T.self), outputGradient.pointer(T.self), mean: mean, invStd: invStd,
                weight: weight?.pointer(T.self), count: count, layout, reduce: group.allReduceSum,
                dx: inputGradient?.mutablePointer(T.self), dw: weightGradient?.mutablePointer(T.self),
                db: biasGradient?.mutablePointer(T.self))
        }
    }
}

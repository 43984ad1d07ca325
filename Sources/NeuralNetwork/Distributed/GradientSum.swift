import TensorEngine

/// Data-parallel training's gradient exchange: after the backward pass each rank's parameter
/// gradients hold its share of the global batch's gradient (the loss is computed on the
/// gathered global batch, and each rank back-propagates through its own samples); their sum
/// over the ranks is the gradient one process would have, and every rank then takes the same
/// optimizer step.
public enum GradientSum {
    /// Replaces the gradient of every parameter in `parameters` that has one by its sum over
    /// the ranks of `group`, each gradient in its own element type: per type, one all-reduce
    /// over one buffer the group lends (`allReduceSum(count:of:fill:read:)`), into which every
    /// gradient is copied in order, and out of whose summed pieces each gradient is copied into
    /// a tensor of its own. The buffer is shared memory the group keeps from step to step when
    /// the ranks share a machine, and the per-parameter tensors, each a fraction of the whole,
    /// usually reuse freed heap below the allocator's mmap threshold: a step then faults in no
    /// fresh pages for its gradients. Every rank must pass the same parameters, with gradients
    /// on the same ones. Nothing is exchanged with a group of one.
    public static func allReduce(_ parameters: [Parameter], over group: any ProcessGroup) throws {
        guard group.size > 1 else { return }
        let withGradients = parameters.compactMap { parameter in parameter.gradient.map { (parameter, $0) } }
        try sum(withGradients, as: Float.self, over: group)
        try sum(withGradients, as: Double.self, over: group)
    }

    private static func sum<T: TensorScalar>(
        _ parameters: [(Parameter, Tensor)], as _: T.Type, over group: any ProcessGroup
    ) throws {
        let gradients = parameters.filter { $0.1.dtype == T.dtype }
        guard !gradients.isEmpty else { return }
        let total = gradients.reduce(0) { $0 + $1.1.count }
        var sums: [Tensor] = []
        try group.allReduceSum(
            count: total, of: T.self,
            fill: { buffer in
                var offset = 0
                for (_, gradient) in gradients {
                    try gradient.withUnsafeElements(as: T.self) { values in
                        _ = UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + values.count)])
                            .initialize(from: values)
                    }
                    offset += gradient.count
                }
            },
            read: { pieces in
                var reader = PieceReader(pieces: pieces)
                sums = gradients.map { _, gradient in
                    Tensor.make(gradient.shape, of: T.self) { reader.copy(into: $0) }
                }
            })
        for ((parameter, _), sum) in zip(gradients, sums) { try parameter.value.setGradient(sum) }
    }
}

/// Consecutive values read out of consecutive pieces (some perhaps empty), as a group lends
/// its sums.
private struct PieceReader<T> {
    let pieces: [UnsafeBufferPointer<T>]
    var piece = 0
    var offset = 0

    /// Fills `output` with the next `output.count` values.
    mutating func copy(into output: UnsafeMutableBufferPointer<T>) {
        var written = 0
        while written < output.count {
            let source = pieces[piece]
            guard offset < source.count else {
                (piece, offset) = (piece + 1, 0)
                continue
            }
            let taken = min(source.count - offset, output.count - written)
            _ = UnsafeMutableBufferPointer(rebasing: output[written..<(written + taken)])
                .initialize(from: UnsafeBufferPointer(rebasing: source[offset..<(offset + taken)]))
            written += taken
            offset += taken
        }
    }
}

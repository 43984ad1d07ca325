import TensorEngine

/// Data-parallel training's gradient exchange: after the backward pass each rank's parameter
/// gradients hold its share of the global batch's gradient (the loss is computed on the
/// gathered global batch, and each rank back-propagates through its own samples); their sum
/// over the ranks is the gradient one process would have, and every rank then takes the same
/// optimizer step.
public enum GradientSum {
    /// Replaces the gradient of every parameter in `parameters` that has one by its sum over
    /// the ranks of `group`, each gradient in its own element type: per type, one all-reduce in
    /// place over one buffer holding every gradient in order, whose slices then become the
    /// gradients (one copy in, none out). Every rank must pass the same parameters, with
    /// gradients on the same ones. Nothing is exchanged with a group of one.
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
        let flat = try Tensor.make([total], of: T.self) { buffer in
            var offset = 0
            for (_, gradient) in gradients {
                try gradient.withUnsafeElements(as: T.self) { values in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + values.count)])
                        .initialize(from: values)
                }
                offset += gradient.count
            }
            try group.allReduceSum(buffer)
        }
        var offset = 0
        for (parameter, gradient) in gradients {
            let slice = try flat.slice(axis: 0, offset..<(offset + gradient.count)).reshaped(gradient.shape)
            try parameter.value.setGradient(slice)
            offset += gradient.count
        }
    }
}

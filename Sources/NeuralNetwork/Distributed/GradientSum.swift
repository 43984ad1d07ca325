import TensorEngine

/// Data-parallel training's gradient exchange: after the backward pass each rank's parameter
/// gradients hold its share of the global batch's gradient (the loss is computed on the
/// gathered global batch, and each rank back-propagates through its own samples); their sum
/// over the ranks is the gradient one process would have, and every rank then takes the same
/// optimizer step.
public enum GradientSum {
    /// Replaces the gradient of every parameter in `parameters` that has one by its sum over
    /// the ranks of `group`: one all-reduce per element type, over a flat buffer of every
    /// gradient in order. Every rank must pass the same parameters, with gradients on the same
    /// ones. Nothing is exchanged with a group of one.
    public static func allReduce(_ parameters: [Parameter], over group: any ProcessGroup) throws {
        guard group.size > 1 else { return }
        let withGradients = parameters.compactMap { parameter in parameter.gradient.map { (parameter, $0) } }
        try sum(
            withGradients.filter { $0.1.dtype == .float32 }, read: { try $0.withUnsafeFloats(Array.init) },
            make: { shape, values in
                Tensor.makeFloats(shape) { target in _ = target.initialize(from: values) }
            },
            reduce: { try group.allReduceSum($0) })
        try sum(
            withGradients.filter { $0.1.dtype == .float64 }, read: { try $0.withUnsafeDoubles(Array.init) },
            make: { shape, values in
                Tensor.makeDoubles(shape) { target in _ = target.initialize(from: values) }
            },
            reduce: { try group.allReduceSum($0) })
    }

    private static func sum<T>(
        _ gradients: [(Parameter, Tensor)], read: (Tensor) throws -> [T],
        make: ([Int], ArraySlice<T>) -> Tensor, reduce: (UnsafeMutableBufferPointer<T>) throws -> Void
    ) throws {
        guard !gradients.isEmpty else { return }
        var flat: [T] = []
        flat.reserveCapacity(gradients.reduce(0) { $0 + $1.1.count })
        for (_, gradient) in gradients { flat += try read(gradient) }
        try flat.withUnsafeMutableBufferPointer { try reduce($0) }
        var offset = 0
        for (parameter, gradient) in gradients {
            try parameter.value.setGradient(make(gradient.shape, flat[offset..<(offset + gradient.count)]))
            offset += gradient.count
        }
    }
}

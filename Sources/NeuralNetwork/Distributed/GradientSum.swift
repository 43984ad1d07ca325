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

    private static func sum<T: SummedElement>(
        _ parameters: [(Parameter, Tensor)], as _: T.Type, over group: any ProcessGroup
    ) throws {
        let gradients = parameters.filter { $0.1.dtype == T.dtype }
        guard !gradients.isEmpty else { return }
        let total = gradients.reduce(0) { $0 + $1.1.count }
        let flat = try T.make([total]) { buffer in
            var offset = 0
            for (_, gradient) in gradients {
                try T.read(gradient) { values in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[offset..<(offset + values.count)])
                        .initialize(from: values)
                }
                offset += gradient.count
            }
            try T.allReduceSum(buffer, over: group)
        }
        var offset = 0
        for (parameter, gradient) in gradients {
            let slice = try flat.slice(axis: 0, offset..<(offset + gradient.count)).reshaped(gradient.shape)
            try parameter.value.setGradient(slice)
            offset += gradient.count
        }
    }
}

/// The element types a gradient may have, with what the sum needs of each.
private protocol SummedElement {
    static var dtype: DType { get }
    static func read(_ tensor: Tensor, _ body: (UnsafeBufferPointer<Self>) throws -> Void) throws
    static func make(_ shape: [Int], _ body: (UnsafeMutableBufferPointer<Self>) throws -> Void) throws -> Tensor
    static func allReduceSum(_ values: UnsafeMutableBufferPointer<Self>, over group: any ProcessGroup) throws
}

extension Float: SummedElement {
    static var dtype: DType { .float32 }
    static func read(_ tensor: Tensor, _ body: (UnsafeBufferPointer<Float>) throws -> Void) throws {
        try tensor.withUnsafeFloats(body)
    }
    static func make(_ shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) throws -> Void) throws -> Tensor {
        try Tensor.makeFloats(shape, body)
    }
    static func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>, over group: any ProcessGroup) throws {
        try group.allReduceSum(values)
    }
}

extension Double: SummedElement {
    static var dtype: DType { .float64 }
    static func read(_ tensor: Tensor, _ body: (UnsafeBufferPointer<Double>) throws -> Void) throws {
        try tensor.withUnsafeDoubles(body)
    }
    static func make(_ shape: [Int], _ body: (UnsafeMutableBufferPointer<Double>) throws -> Void) throws -> Tensor {
        try Tensor.makeDoubles(shape, body)
    }
    static func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>, over group: any ProcessGroup) throws {
        try group.allReduceSum(values)
    }
}

import TensorEngine

/// Window extraction for the pooling layers, composed from differentiable primitives (pad,
/// slice, reshape) until the engine has fused pooling kernels.
extension Tensor {
    /// The `kernel` taps of every window along `axis`: tap `d` holds, at output position `i`,
    /// the element `stride·i + d` of this tensor padded by `padding` on both sides with `value`.
    func poolingTaps(axis: Int, kernel: Int, stride: Int, padding: Int, outputSize: Int, value: Double) throws -> [Tensor] {
        let needed = kernel - 1 + stride * outputSize
        let after = Swift.max(0, needed - (shape[axis] + 2 * padding)) + padding
        var pads = [(before: Int, after: Int)](repeating: (0, 0), count: rank - axis)
        pads[0] = (padding, after)
        let padded = try self.padded(pads, value: value)
        var split = padded.shape
        split[axis] = outputSize
        split.insert(stride, at: axis + 1)
        return try (0..<kernel).map { d in
            try padded.slice(axis: axis, d..<(d + stride * outputSize)).reshaped(split).select(axis: axis + 1, index: 0)
        }
    }
}

/// Output length of a pooling window sweep (floor mode).
func pooledSize(_ size: Int, kernel: Int, stride: Int, padding: Int) -> Int {
    (size + 2 * padding - kernel) / stride + 1
}

/// The shape check shared by the 2-D pooling layers.
func tracePooling(_ input: [Int], kernel: Int, stride: Int, padding: Int, _ tally: inout ComplexityTally) throws -> [Int] {
    guard input.count == 4, input[2] + 2 * padding >= kernel, input[3] + 2 * padding >= kernel else {
        throw tally.badInput(input, expected: "[batch, channels, height, width] with height and width ≥ \(kernel - 2 * padding)")
    }
    // ptflops hooks the pooling module and also patches the F.*_pool2d it calls: counted twice.
    tally.add(2 * Shape.count(input))
    return [input[0], input[1], pooledSize(input[2], kernel: kernel, stride: stride, padding: padding),
            pooledSize(input[3], kernel: kernel, stride: stride, padding: padding)]
}

import TensorEngine

/// Output length of a pooling window sweep (floor mode).
func pooledSize(_ size: Int, kernel: Int, stride: Int, padding: Int) -> Int {
    (size + 2 * padding - kernel) / stride + 1
}

/// The shape check shared by the 2-D pooling layers.
func tracePooling(_ input: [Int], kernel: Int, stride: Int, padding: Int, _ tally: inout ComplexityTally) throws
    -> [Int]
{
    guard input.count == 4, padding <= kernel / 2, input[2] + 2 * padding >= kernel, input[3] + 2 * padding >= kernel
    else {
        throw tally.badInput(
            input, expected: "[batch, channels, height, width] with height and width ≥ \(kernel - 2 * padding)")
    }
    // ptflops hooks the pooling module and also patches the F.*_pool2d it calls: counted twice.
    tally.add(2 * Shape.count(input))
    return [
        input[0], input[1], pooledSize(input[2], kernel: kernel, stride: stride, padding: padding),
        pooledSize(input[3], kernel: kernel, stride: stride, padding: padding),
    ]
}

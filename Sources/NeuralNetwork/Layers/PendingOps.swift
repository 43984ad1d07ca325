import TensorEngine

// TEMPORARY: stands in for the engine's conv2d until the `kernels` branch lands it.
extension Tensor {
    func conv2d(weight: Tensor, bias: Tensor?, stride: Int, padding: Int, dilation: Int, groups: Int) throws -> Tensor {
        throw TensorError.invalidArgument(op: "conv2d", message: "not available yet")
    }
}

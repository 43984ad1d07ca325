/// 2-D pooling over `[batch, channels, height, width]` (PyTorch semantics, floor mode).
extension Tensor {
    /// Window maxima; padding counts as −∞. `stride` defaults to `kernelSize`; `padding` may be
    /// at most half the kernel (PyTorch's rule). The upstream ResNet stem is `maxPool2d(kernelSize: 2)`.
    public func maxPool2d(kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws -> Tensor {
        let g = try poolGeometry(op: "maxPool2d", kernel: kernelSize, stride: stride ?? kernelSize, padding: padding)
        let argmax = UncheckedSendable(IndexBuffer(count: shape[0] * shape[1] * g.outputPlane))
        let kernel = MaxPoolKernel(geometry: g, argmax: argmax)
        return pooled(kernel, into: [shape[0], shape[1], g.outHeight, g.outWidth])
    }

    /// Window means. `countingPadding` (PyTorch's `count_include_pad`, default true) divides
    /// by the window size including padded elements.
    public func avgPool2d(kernelSize: Int, stride: Int? = nil, padding: Int = 0, countingPadding: Bool = true) throws
        -> Tensor
    {
        let g = try poolGeometry(op: "avgPool2d", kernel: kernelSize, stride: stride ?? kernelSize, padding: padding)
        let kernel = AveragePoolKernel(geometry: g, countingPadding: countingPadding)
        return pooled(kernel, into: [shape[0], shape[1], g.outHeight, g.outWidth])
    }

    /// PyTorch's `adaptive_avg_pool2d` to `[batch, channels, height, width]`: output row `i`
    /// averages input rows `⌊i·H/height⌋ ..< ⌈(i+1)·H/height⌉` (likewise columns), so bins
    /// overlap when sizes do not divide and repeat inputs when the output is larger.
    public func adaptiveAvgPool2d(height outHeight: Int, width outWidth: Int) throws -> Tensor {
        try checkImageBatch(op: "adaptiveAvgPool2d")
        guard outHeight >= 1, outWidth >= 1 else {
            throw TensorError.invalidArgument(
                op: "adaptiveAvgPool2d",
                message: "output size \(outHeight)x\(outWidth) must be at least 1x1 (input \(shape))")
        }
        guard shape[2] >= 1, shape[3] >= 1 else {
            throw TensorError.invalidArgument(op: "adaptiveAvgPool2d", message: "input \(shape) has an empty plane")
        }
        let kernel = AdaptiveAveragePoolKernel(
            planes: shape[0] * shape[1], height: shape[2], width: shape[3], outHeight: outHeight,
            outWidth: outWidth)
        return pooled(kernel, into: [shape[0], shape[1], outHeight, outWidth])
    }

    /// Mean over each plane: `[batch, channels, height, width] → [batch, channels]`
    /// (`adaptiveAvgPool2d` to 1x1, flattened: every backbone's `pooled_feat`).
    public func globalAvgPool2d() throws -> Tensor {
        try checkImageBatch(op: "globalAvgPool2d")
        let kernel = GlobalAveragePoolKernel(planes: shape[0] * shape[1], size: shape[2] * shape[3])
        return pooled(kernel, into: [shape[0], shape[1]])
    }

    /// The shared body of the pooling ops: `kernel` forward into a tensor of `outputShape`,
    /// and backward in the pullback.
    private func pooled(_ kernel: some PoolingKernel, into outputShape: [Int]) -> Tensor {
        let x = detached().contiguous()
        let result = Tensor.empty(outputShape, dtype: dtype)
        dtype.dispatch(PoolingPass(kernel: kernel, source: x, destination: result, backward: false))
        let inputShape = shape
        return result.recorded(from: [self]) { gradient, _ in
            let dy = gradient.contiguous()
            let dx = Tensor.empty(inputShape, dtype: gradient.dtype)
            let pass = PoolingPass(kernel: kernel, source: dy, destination: dx, backward: true)
            dy.dtype.dispatch(pass)
            return [dx]
        }
    }

    func checkImageBatch(op: String) throws {
        guard rank == 4 else {
            throw TensorError.invalidArgument(
                op: op, message: "input of shape \(shape) must be [batch, channels, height, width]")
        }
    }

    private func poolGeometry(op: String, kernel: Int, stride: Int, padding: Int) throws -> PoolGeometry {
        try checkImageBatch(op: op)
        guard kernel >= 1, stride >= 1, padding >= 0, padding <= kernel / 2 else {
            throw TensorError.invalidArgument(
                op: op,
                message:
                    "kernel \(kernel) and stride \(stride) must be ≥ 1 and padding \(padding) between 0 and kernel / 2 (input \(shape))"
            )
        }
        guard shape[2] >= 1, shape[3] >= 1 else {
            throw TensorError.invalidArgument(op: op, message: "input \(shape) has an empty plane")
        }
        guard kernel <= shape[2] + 2 * padding, kernel <= shape[3] + 2 * padding else {
            throw TensorError.invalidArgument(
                op: op,
                message:
                    "kernel \(kernel)x\(kernel) is larger than the padded input \(shape[2] + 2 * padding)x\(shape[3] + 2 * padding) (input \(shape))"
            )
        }
        return PoolGeometry(
            planes: shape[0] * shape[1], height: shape[2], width: shape[3], kernel: kernel, stride: stride,
            padding: padding)
    }
}

/// Max-pool argmax indices kept alive by the pullback that reads them.
final class IndexBuffer {
    let base: UnsafeMutablePointer<Int32>
    init(count: Int) { base = .allocate(capacity: Swift.max(count, 1)) }
    deinit { base.deallocate() }
}

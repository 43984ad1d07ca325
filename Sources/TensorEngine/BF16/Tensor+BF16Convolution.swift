extension Tensor {
    /// `conv2d(weight:bias:stride:padding:dilation:groups:epilogue:)` in bf16 with fp32 sums:
    /// the epilogue's per-channel scale is folded into the weights in fp32 before they are
    /// rounded, and its bias and shift become one fp32 offset, so a frozen Conv→BN(→ReLU)
    /// is one bf16 product and one pass over the output. Shapes as `conv2d`:
    /// `[batch, inChannels, height, width]` → `[batch, outChannels, outHeight, outWidth]`.
    /// Returns nil — run the fp32 op instead — for float64 tensors, grouped convolutions,
    /// when a gradient would be recorded, or on a CPU without bf16 instructions.
    /// - Throws: the shape and dtype errors of `conv2d`, naming the offending operand.
    public func bf16Conv2d(
        weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1,
        epilogue: ConvolutionEpilogue = .init()
    ) throws -> Tensor? {
        let parts = [bias, epilogue.scale, epilogue.shift, epilogue.residual]
        guard dtype == .float32, groups == 1, InferencePrecision.isBF16Available,
            !Tensor.recordsGradient(through: [self, weight] + parts)
        else { return nil }
        let g = try convolutionGeometry(
            weight: weight, bias: bias, stride: stride, padding: padding,
            dilation: dilation, groups: groups)
        let outputShape = [g.batch, g.outChannels, g.outHeight, g.outWidth]
        try Tensor.checkBF16Epilogue(epilogue, outChannels: g.outChannels, outputShape: outputShape)
        let x = detached().contiguous()
        let w = weight.detached().contiguous()
        let (scale, residual) = (epilogue.scale?.detached().contiguous(), epilogue.residual?.detached().contiguous())
        let offset = try Tensor.foldedOffset(bias: bias, scale: scale, shift: epilogue.shift, channels: g.outChannels)
        let result = Tensor.empty(outputShape, dtype: .float32)
        withExtendedLifetime((x, w, scale, residual, offset)) {
            let matrix = BF16Matrix(
                rows: g.outChannels, columns: g.columnRows, source: w.pointer(Float.self),
                rowStride: g.columnRows, rowScale: scale?.pointer(Float.self))
            let tail = ConvolutionEpilogueKernel(
                bias: offset?.pointer(Float.self), scale: nil, shift: nil,
                residual: residual?.pointer(Float.self), relu: epilogue.relu)
            bf16Conv2dForward(x.pointer(Float.self), matrix, result.mutablePointer(Float.self), tail, g)
        }
        return result
    }

    /// Whether an op on `operands` would be recorded for differentiation.
    static func recordsGradient(through operands: [Tensor?]) -> Bool {
        GradMode.enabled && operands.contains { $0?.requiresGradient == true }
    }

    /// `bias·scale + shift` per output channel in fp32 (the order `ConvolutionEpilogueKernel`
    /// applies them in), or nil when the convolution adds nothing.
    private static func foldedOffset(bias: Tensor?, scale: Tensor?, shift: Tensor?, channels: Int) throws -> Tensor? {
        guard bias != nil || shift != nil else { return nil }
        let b = bias?.scalars
        let a = scale?.scalars
        let c = shift?.scalars
        var values = [Float](repeating: 0, count: channels)
        for o in 0..<channels {
            let sum: Float = b?[o] ?? 0
            let factor: Float = a?[o] ?? 1
            let offset: Float = c?[o] ?? 0
            values[o] = sum * factor + offset
        }
        return try Tensor(shape: [channels], scalars: values)
    }

    private static func checkBF16Epilogue(_ epilogue: ConvolutionEpilogue, outChannels: Int, outputShape: [Int]) throws
    {
        let op = "bf16Conv2d"
        for (name, tensor) in [("scale", epilogue.scale), ("shift", epilogue.shift)] {
            guard let tensor else { continue }
            guard tensor.shape == [outChannels] else {
                throw TensorError.shapeMismatch(
                    op: op, lhs: [outChannels], rhs: tensor.shape, hint: "\(name) must be [\(outChannels)]")
            }
            guard tensor.dtype == .float32 else {
                throw TensorError.dtypeMismatch(op: op, lhs: .float32, rhs: tensor.dtype)
            }
        }
        guard let residual = epilogue.residual else { return }
        guard residual.shape == outputShape else {
            throw TensorError.shapeMismatch(
                op: op, lhs: outputShape, rhs: residual.shape, hint: "the residual must have the output's shape")
        }
        guard residual.dtype == .float32 else {
            throw TensorError.dtypeMismatch(op: op, lhs: .float32, rhs: residual.dtype)
        }
    }
}

/// Each sample: `y = tail(w · columns)`, the columns being the input itself for a 1x1
/// stride-1 unpadded convolution and its im2col unfolding otherwise. The product is made in
/// blocks of output columns (~512 KB of output) so the tail finds each block in cache;
/// samples are split over the kernel workers.
private func bf16Conv2dForward(
    _ x: UnsafePointer<Float>, _ w: BF16Matrix, _ y: UnsafeMutablePointer<Float>,
    _ tail: ConvolutionEpilogueKernel<Float>, _ g: ConvolutionGeometry
) {
    let (plane, k, oc) = (g.outputPlane, g.columnRows, g.outChannels)
    let block = Swift.min(plane, Swift.max(256, (1 << 17) / oc))
    _ = forEachSampleChunk(batch: g.batch) { _, samples in
        let workspace = BF16Matrix.makeWorkspace()
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: g.isPointwise ? 1 : k * plane)
        defer {
            workspace.deallocate()
            columns.deallocate()
        }
        for s in samples {
            let input = x + s * g.inChannels * g.inputPlane
            let output = y + s * oc * plane
            if !g.isPointwise { im2col(input, columns, rowStride: plane, channels: 0..<g.inChannels, g) }
            let b = g.isPointwise ? input : UnsafePointer(columns)
            var start = 0
            while start < plane {
                let width = Swift.min(block, plane - start)
                w.multiply(
                    n: width, b: b + start, bRowStride: plane, into: output + start, ldc: plane, workspace: workspace)
                for o in 0..<oc {
                    let row = output + o * plane + start
                    tail.apply(row, row, count: width, channel: o, offset: (s * oc + o) * plane + start)
                }
                start += width
            }
        }
    }
}

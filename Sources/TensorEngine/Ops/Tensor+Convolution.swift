/// 2-D convolution (NCHW) and the fully connected layer.
extension Tensor {
    /// PyTorch's `conv2d`: `self` is `[batch, inChannels, height, width]`, `weight` is
    /// `[outChannels, inChannels / groups, kernelHeight, kernelWidth]`, `bias` `[outChannels]`;
    /// returns `[batch, outChannels, outHeight, outWidth]` with
    /// `out = (in + 2·padding − dilation·(kernel − 1) − 1) / stride + 1`.
    /// Grouped when `groups > 1`; depthwise (MobileNetV3) when `groups == inChannels`.
    public func conv2d(
        weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1
    ) throws -> Tensor {
        let g = try convolutionGeometry(
            weight: weight, bias: bias, stride: stride, padding: padding,
            dilation: dilation, groups: groups)
        let x = detached().contiguous()
        let w = weight.detached().contiguous()
        let b = bias?.detached().contiguous()
        let inputs = [self, weight] + (bias.map { [$0] } ?? [])
        if dtype == .float32, SplitInvariantGradients.enabled {
            return Tensor.splitInvariantConv2d(x, weight: w, bias: b, recordingFor: inputs, g)
        }
        if dtype == .float32, g.runsOnDNNL, ConvolutionBackend.current == .dnnl {
            if g.seesWholeMap { return try Tensor.dnnlWholeMapConv2d(x, weight: w, bias: b, recordingFor: inputs, g) }
            if g.runsWinogradF2 {
                return try Tensor.dnnlWinogradF2Conv2d(x, weight: w, bias: b, recordingFor: inputs, g)
            }
            return try Tensor.dnnlConv2d(x, weight: w, bias: b, recordingFor: inputs, g)
        }
        let result = Tensor.empty([g.batch, g.outChannels, g.outHeight, g.outWidth], dtype: dtype)
        dtype.dispatch(
            ConvolutionForward(
                input: x, weight: w, bias: b, epilogue: .init(), output: result, geometry: g))
        return result.recorded(from: inputs) { gradient, needed in
            let dy = gradient.contiguous()
            let dx = needed[0] ? Tensor.empty(x.shape, dtype: x.dtype) : nil
            let dw = needed[1] ? Tensor.empty(w.shape, dtype: w.dtype) : nil
            let db = needed.count > 2 && needed[2] ? Tensor.empty([g.outChannels], dtype: w.dtype) : nil
            let pass = ConvolutionBackward(
                input: x, weight: w, outputGradient: dy, inputGradient: dx, weightGradient: dw,
                biasGradient: db, geometry: g)
            dy.dtype.dispatch(pass)
            return [dx, dw] + (needed.count > 2 ? [db] : [])
        }
    }

    /// PyTorch's `linear`: `self` `[..., inFeatures]`, `weight` `[outFeatures, inFeatures]`,
    /// `bias` `[outFeatures]` → `[..., outFeatures]`.
    public func linear(weight: Tensor, bias: Tensor? = nil) throws -> Tensor {
        guard weight.rank == 2, rank >= 1, shape[rank - 1] == weight.shape[1] else {
            throw TensorError.shapeMismatch(
                op: "linear", lhs: shape, rhs: weight.shape,
                hint: "weight must be [outFeatures, inFeatures] with inFeatures = the input's last dimension")
        }
        if let bias, bias.shape != [weight.shape[0]] {
            throw TensorError.shapeMismatch(
                op: "linear", lhs: weight.shape, rhs: bias.shape,
                hint: "bias must be [outFeatures] = [\(weight.shape[0])]")
        }
        let flat = rank == 1 ? try unsqueezed(0) : try reshaped([count / shape[rank - 1], shape[rank - 1]])
        let full: Tensor
        if dtype == .float32, SplitInvariantGradients.enabled {
            full = try flat.splitInvariantLinear(weight: weight, bias: bias)
        } else {
            let product = try flat.matmul(weight.transposed())
            full = try bias.map { try product + $0 } ?? product
        }
        return try full.reshaped(Array(shape.dropLast()) + [weight.shape[0]])
    }

    /// Checks every shape and hyperparameter of a convolution before any kernel runs.
    func convolutionGeometry(
        weight: Tensor, bias: Tensor?, stride: Int, padding: Int, dilation: Int, groups: Int
    ) throws -> ConvolutionGeometry {
        let op = "conv2d"
        guard rank == 4, weight.rank == 4 else {
            throw TensorError.shapeMismatch(
                op: op, lhs: shape, rhs: weight.shape,
                hint: "input must be [batch, channels, height, width] and weight [out, in/groups, kh, kw]")
        }
        guard dtype == weight.dtype, bias.map({ $0.dtype == dtype }) ?? true else {
            throw TensorError.dtypeMismatch(
                op: op, lhs: dtype, rhs: dtype == weight.dtype ? bias?.dtype ?? dtype : weight.dtype)
        }
        guard stride >= 1, dilation >= 1, padding >= 0, groups >= 1 else {
            throw TensorError.invalidArgument(
                op: op,
                message:
                    "stride \(stride) and dilation \(dilation) must be ≥ 1, padding \(padding) ≥ 0, groups \(groups) ≥ 1"
            )
        }
        let (channels, outChannels) = (shape[1], weight.shape[0])
        guard channels >= 1, outChannels >= 1 else {
            throw TensorError.shapeMismatch(
                op: op, lhs: shape, rhs: weight.shape, hint: "input and output channel counts must be at least 1")
        }
        guard channels % groups == 0, outChannels % groups == 0 else {
            throw TensorError.shapeMismatch(
                op: op, lhs: shape, rhs: weight.shape,
                hint:
                    "groups \(groups) must divide the input channels \(channels) and the output channels \(outChannels)"
            )
        }
        guard weight.shape[1] == channels / groups else {
            throw TensorError.shapeMismatch(
                op: op, lhs: shape, rhs: weight.shape,
                hint: "weight dimension 1 must be channels / groups = \(channels / groups)")
        }
        if let bias, bias.shape != [outChannels] {
            throw TensorError.shapeMismatch(
                op: op, lhs: weight.shape, rhs: bias.shape, hint: "bias must be [\(outChannels)]")
        }
        let g = ConvolutionGeometry(
            batch: shape[0], inChannels: channels, height: shape[2], width: shape[3],
            outChannels: outChannels, groups: groups, kernelHeight: weight.shape[2],
            kernelWidth: weight.shape[3], stride: stride, padding: padding, dilation: dilation)
        guard g.kernelHeight >= 1, g.kernelWidth >= 1,
            dilation * (g.kernelHeight - 1) + 1 <= g.height + 2 * padding,
            dilation * (g.kernelWidth - 1) + 1 <= g.width + 2 * padding
        else {
            throw TensorError.shapeMismatch(
                op: op, lhs: shape, rhs: weight.shape,
                hint: "the dilated kernel \(dilation * (g.kernelHeight - 1) + 1)x\(dilation * (g.kernelWidth - 1) + 1) "
                    + "is larger than the padded input \(g.height + 2 * padding)x\(g.width + 2 * padding)")
        }
        return g
    }
}

/// A convolution's forward pass, its kernel picked by geometry, with `bias` and `epilogue`
/// applied to each output row on its way out.
struct ConvolutionForward: ElementTypeGeneric {
    let input, weight: Tensor
    let bias: Tensor?
    let epilogue: ConvolutionEpilogue
    let output: Tensor
    let geometry: ConvolutionGeometry

    func callAsFunction<T: TensorScalar>(_: T.Type) {
        let parts = [bias, epilogue.scale, epilogue.shift, epilogue.residual]
        withExtendedLifetime((input, weight, parts)) {
            let x = input.pointer(T.self)
            let w = weight.pointer(T.self)
            let y = output.mutablePointer(T.self)
            let g = geometry
            let tail = ConvolutionEpilogueKernel(
                bias: parts[0]?.pointer(T.self), scale: parts[1]?.pointer(T.self),
                shift: parts[2]?.pointer(T.self), residual: parts[3]?.pointer(T.self),
                relu: epilogue.relu)
            if g.isDepthwise {
                // The depthwise loops start from the bias; the rest follows in one pass.
                let rest = ConvolutionEpilogueKernel(
                    bias: nil, scale: tail.scale, shift: tail.shift, residual: tail.residual,
                    relu: tail.relu)
                depthwiseConv2dForward(input: x, weight: w, bias: tail.bias, output: y, g)
                rest.applyInPlace(y, batch: g.batch, channels: g.outChannels, plane: g.outputPlane)
            } else if g.isSinglePixel {
                singlePixelConvolutionForward(input: x, weight: w, output: y, epilogue: tail, g)
            } else if g.isShiftable {
                shiftedConv2dForward(input: x, weight: w, output: y, epilogue: tail, g)
            } else {
                conv2dForward(input: x, weight: w, output: y, epilogue: tail, g)
            }
        }
    }
}

/// A convolution's backward pass: the gradients that are not nil, by the forward's kernel.
/// `dx` is written, `dw` and `db` hold the batch sums.
struct ConvolutionBackward: ElementTypeGeneric {
    let input, weight, outputGradient: Tensor
    let inputGradient, weightGradient, biasGradient: Tensor?
    let geometry: ConvolutionGeometry

    func callAsFunction<T: TensorScalar>(_: T.Type) {
        withExtendedLifetime((input, weight, outputGradient)) {
            let x = input.pointer(T.self)
            let w = weight.pointer(T.self)
            let dy = outputGradient.pointer(T.self)
            let g = geometry
            let dx = inputGradient?.mutablePointer(T.self)
            let dw = weightGradient?.mutablePointer(T.self)
            let db = biasGradient?.mutablePointer(T.self)
            if g.isDepthwise {
                depthwiseConv2dBackward(
                    input: x, weight: w, outputGradient: dy, inputGradient: dx, weightGradient: dw,
                    biasGradient: db, g)
            } else if g.isSinglePixel {
                singlePixelConvolutionBackward(
                    input: x, weight: w, outputGradient: dy, inputGradient: dx, weightGradient: dw,
                    biasGradient: db, g)
            } else if g.isShiftable {
                shiftedConv2dBackward(
                    input: x, weight: w, outputGradient: dy, inputGradient: dx, weightGradient: dw,
                    biasGradient: db, g)
            } else {
                conv2dBackward(
                    input: x, weight: w, outputGradient: dy, inputGradient: dx, weightGradient: dw,
                    biasGradient: db, g)
            }
        }
    }
}

import Foundation

/// The inference tail of a convolution, applied to each output row while it is in cache:
/// `relu?((conv + bias)·scale[o] + shift[o] + residual)`. With `batchNorm(…)` and `relu` it is
/// ResNet's Conv→BN→ReLU in evaluation mode; with `residual` the end of a residual block. The
/// result is bit-identical to running the separate ops on AIRS's kernels
/// (`ConvolutionBackend.native`: same arithmetic, same order).
public struct ConvolutionEpilogue: Sendable {
    /// Per-output-channel factor and offset `[outChannels]`, or nil for 1 and 0.
    public var scale: Tensor?, shift: Tensor?
    /// Added after the affine step; the output's shape.
    public var residual: Tensor?
    /// Whether `max(·, 0)` comes last.
    public var relu: Bool

    /// An epilogue of the given parts; the default is the identity (nothing after the bias).
    public init(scale: Tensor? = nil, shift: Tensor? = nil, residual: Tensor? = nil, relu: Bool = false) {
        self.scale = scale
        self.shift = shift
        self.residual = residual
        self.relu = relu
    }

    /// Evaluation-mode batch norm `(x − mean)/√(var + ε)·weight + bias` as `scale`/`shift`,
    /// computed exactly as `Tensor.batchNorm(training: false)` computes them (so the fused
    /// output equals the unfused one bit for bit); `dtype` is the convolution's.
    public static func batchNorm(
        weight: Tensor?, bias: Tensor?, runningMean: Tensor, runningVariance: Tensor, epsilon: Double, dtype: DType,
        relu: Bool = false, residual: Tensor? = nil
    ) throws -> ConvolutionEpilogue {
        let channels = runningMean.count
        for (name, tensor) in [("weight", weight), ("bias", bias), ("runningVariance", runningVariance)] {
            if let tensor, tensor.count != channels {
                throw TensorError.shapeMismatch(
                    op: "ConvolutionEpilogue.batchNorm", lhs: runningMean.shape, rhs: tensor.shape,
                    hint: "\(name) must have one value per channel (\(channels))")
            }
        }
        let folding = BatchNormFolding(
            mean: runningMean.doubles, variance: runningVariance.doubles, weight: weight?.doubles,
            bias: bias?.doubles, epsilon: epsilon)
        let (scale, shift) = try dtype.dispatch(folding)
        return ConvolutionEpilogue(scale: scale, shift: shift, residual: residual, relu: relu)
    }
}

/// An evaluation-mode batch norm folded into per-channel `scale` and `shift` tensors, rounded
/// to the element type at the same steps as `Tensor.batchNorm(training: false)`.
private struct BatchNormFolding: ElementTypeGeneric {
    let mean, variance: [Double]
    let weight, bias: [Double]?
    let epsilon: Double

    func callAsFunction<T: TensorScalar>(_: T.Type) throws -> (scale: Tensor, shift: Tensor) {
        let channels = mean.count
        var scale = [T](repeating: 1, count: channels)
        var shift = [T](repeating: 0, count: channels)
        for c in 0..<channels {
            let factor = weight.map { T($0[c]) } ?? 1
            scale[c] = T(1 / Foundation.sqrt(variance[c] + epsilon)) * factor
            shift[c] = (bias.map { T($0[c]) } ?? 0) - T(mean[c]) * scale[c]
        }
        return (
            try Tensor(shape: [channels], elements: scale),
            try Tensor(shape: [channels], elements: shift)
        )
    }
}

extension Tensor {
    /// `conv2d` followed by `epilogue`, fused (inference only). Same arguments and output as
    /// `conv2d(weight:bias:stride:padding:dilation:groups:)`.
    /// - Throws: `TensorError.invalidArgument` when a gradient would be recorded (the fused
    ///   op has no pullback: run it inside `Tensor.withoutGradient` or on tensors that require
    ///   none), and shape or dtype errors naming the offending operand.
    public func conv2d(
        weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1,
        epilogue: ConvolutionEpilogue
    ) throws -> Tensor {
        let op = "conv2d(epilogue:)"
        let operands = [self, weight, bias, epilogue.scale, epilogue.shift, epilogue.residual]
        guard !GradMode.enabled || !operands.contains(where: { $0?.requiresGradient == true }) else {
            throw TensorError.invalidArgument(
                op: op,
                message:
                    "the fused epilogue records no gradient: call it inside Tensor.withoutGradient or on tensors that require none"
            )
        }
        let g = try convolutionGeometry(
            weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
        let outputShape = [g.batch, g.outChannels, g.outHeight, g.outWidth]
        for (name, tensor) in [("scale", epilogue.scale), ("shift", epilogue.shift)] {
            guard let tensor else { continue }
            guard tensor.count == g.outChannels, tensor.rank == 1 else {
                throw TensorError.shapeMismatch(
                    op: op, lhs: weight.shape, rhs: tensor.shape, hint: "\(name) must be [\(g.outChannels)]")
            }
            guard tensor.dtype == dtype else { throw TensorError.dtypeMismatch(op: op, lhs: dtype, rhs: tensor.dtype) }
        }
        if let residual = epilogue.residual {
            guard residual.shape == outputShape else {
                throw TensorError.shapeMismatch(
                    op: op, lhs: outputShape, rhs: residual.shape, hint: "the residual must have the output's shape")
            }
            guard residual.dtype == dtype else {
                throw TensorError.dtypeMismatch(op: op, lhs: dtype, rhs: residual.dtype)
            }
        }
        let x = detached().contiguous()
        let w = weight.detached().contiguous()
        let parts = ConvolutionEpilogue(
            scale: epilogue.scale?.detached().contiguous(),
            shift: epilogue.shift?.detached().contiguous(),
            residual: epilogue.residual?.detached().contiguous(), relu: epilogue.relu)
        let result = Tensor.empty(outputShape, dtype: dtype)
        dtype.dispatch(
            ConvolutionForward(
                input: x, weight: w, bias: bias?.detached().contiguous(), epilogue: parts,
                output: result, geometry: g))
        return result
    }
}

import TensorEngine

extension Conv2d {
    /// `relu?(norm(self(input)) + residual)` in one pass over the output (see
    /// `ConvolutionEpilogue`), bit-identical to calling the layers one by one on the native
    /// convolution backend (`ConvolutionBackend.native`). Returns nil —
    /// the caller then runs the layers separately — when `norm` normalises with batch
    /// statistics or when a gradient would be recorded: the fused op is for inference (eval
    /// mode, a frozen teacher, `Tensor.withoutGradient`). Under
    /// `Tensor.withInferencePrecision(.bf16)` it runs in bf16 where a kernel exists.
    public func fused(_ input: Tensor, norm: BatchNorm, residual: Tensor? = nil, relu: Bool) throws -> Tensor? {
        guard !norm.usesBatchStatistics else { return nil }
        let operands = [input, weight.value, bias?.value, norm.weight.value, norm.bias.value, residual]
        guard !GradMode.enabled || !operands.contains(where: { $0?.requiresGradient == true }) else { return nil }
        // The layers' own checks, so a bad input names the layer as it does unfused.
        var tally = ComplexityTally()
        _ = try norm.trace(try trace(input.shape, &tally), &tally)
        let epilogue = try ConvolutionEpilogue.batchNorm(
            weight: norm.weight.value, bias: norm.bias.value, runningMean: norm.runningMean.value,
            runningVariance: norm.runningVariance.value, epsilon: norm.epsilon, dtype: input.dtype, relu: relu,
            residual: residual)
        if InferencePrecision.current == .bf16,
            let y = try input.bf16Conv2d(
                weight: weight.value, bias: bias?.value, stride: stride, padding: padding,
                dilation: dilation, groups: groups, epilogue: epilogue)
        {
            return y
        }
        return try input.conv2d(
            weight: weight.value, bias: bias?.value, stride: stride, padding: padding, dilation: dilation,
            groups: groups, epilogue: epilogue)
    }
}

/// The ops through which parameters enter a network, as `SplitInvariantGradients` runs them:
/// their GEMMs in Double on fp32 operands. OpenBLAS's fp32 GEMM rounds a sample's output
/// differently with the batch's size (measured: 5–30 % of a 1x1 or 3x3 convolution's outputs
/// of a sample differ between batches of 4, 2 and 1), so neither the forward nor the input
/// gradient would be the single-process run's either.
extension Tensor {
    /// `conv2d` of the contiguous fp32 operands `x`, `w`, `b` on AIRS's kernels in Double,
    /// its output and input gradient rounded to fp32, its weight and bias gradients kept in
    /// Double for a parameter (`takesDoubleGradient`). `inputs` are what `conv2d` records.
    static func splitInvariantConv2d(
        _ x: Tensor, weight w: Tensor, bias b: Tensor?, recordingFor inputs: [Tensor], _ g: ConvolutionGeometry
    ) -> Tensor {
        let output = Tensor.empty([g.batch, g.outChannels, g.outHeight, g.outWidth], dtype: .float64)
        DType.float64.dispatch(
            ConvolutionForward(
                input: x.cast(to: .float64), weight: w.cast(to: .float64), bias: b?.cast(to: .float64),
                epilogue: .init(), output: output, geometry: g))
        let keepsDouble = inputs.map(\.takesDoubleGradient)
        return output.cast(to: .float32).recorded(from: inputs) { gradient, needed in
            let dx = needed[0] ? Tensor.empty(x.shape, dtype: .float64) : nil
            let dw = needed[1] ? Tensor.empty(w.shape, dtype: .float64) : nil
            let db = needed.count > 2 && needed[2] ? Tensor.empty([g.outChannels], dtype: .float64) : nil
            DType.float64.dispatch(
                ConvolutionBackward(
                    input: x.cast(to: .float64), weight: w.cast(to: .float64),
                    outputGradient: gradient.contiguous().cast(to: .float64), inputGradient: dx, weightGradient: dw,
                    biasGradient: db, geometry: g))
            return zip([dx, dw, db], keepsDouble).map { gradient, keeps in
                keeps ? gradient : gradient?.cast(to: .float32)
            }
        }
    }

    /// `linear` of `self` `[rows, inFeatures]` in Double: output and input gradient rounded to
    /// fp32, weight and bias gradients kept in Double for a parameter.
    func splitInvariantLinear(weight: Tensor, bias: Tensor?) throws -> Tensor {
        let x = detached().cast(to: .float64)
        let w = weight.detached().cast(to: .float64)
        let product = try x.matmul(w.transposed())
        let full = try bias.map { try product + $0.detached().cast(to: .float64) } ?? product
        let inputs = [self, weight] + (bias.map { [$0] } ?? [])
        let keepsDouble = inputs.map(\.takesDoubleGradient)
        return full.cast(to: .float32).recorded(from: inputs) { gradient, needed in
            let dy = gradient.cast(to: .float64)
            let dx = needed[0] ? try dy.matmul(w) : nil
            let dw = needed[1] ? try dy.transposed().matmul(x) : nil
            let db = needed.count > 2 && needed[2] ? try dy.sum(axis: 0) : nil
            return zip([dx, dw, db], keepsDouble).map { gradient, keeps in
                keeps ? gradient : gradient?.cast(to: .float32)
            }
        }
    }
}

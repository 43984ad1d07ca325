extension Tensor {
    /// `conv2d` as Winograd F(2x2, 3x3) on oneDNN's GEMM for a convolution that `runsWinogradF2`
    /// (`DNNLWinogradF2Convolution`): `x`, `w` and `b` are the contiguous detached fp32 operands,
    /// `inputs` the tensors the gradient flows to. The transformed weights and input tiles of
    /// the forward are kept for the backward pass.
    static func dnnlWinogradF2Conv2d(
        _ x: Tensor, weight w: Tensor, bias b: Tensor?, recordingFor inputs: [Tensor], _ g: ConvolutionGeometry
    ) throws -> Tensor {
        let convolution = DNNLWinogradF2Convolution(g)
        let u = Tensor.empty([convolution.weightsCount], dtype: .float32)
        let v = Tensor.empty([convolution.inputCount], dtype: .float32)
        let result = Tensor.empty([g.batch, g.outChannels, g.outHeight, g.outWidth], dtype: .float32)
        try withExtendedLifetime((x, w, b)) {
            convolution.transformWeights(w.pointer(Float.self), u.mutablePointer(Float.self))
            let products = Tensor.empty([convolution.outputCount], dtype: .float32)
            try withExtendedLifetime(products) {
                try convolution.forward(
                    x.pointer(Float.self), u.pointer(Float.self), bias: b?.pointer(Float.self),
                    v.mutablePointer(Float.self), products: products.mutablePointer(Float.self),
                    result.mutablePointer(Float.self))
            }
        }
        return result.recorded(from: inputs) { gradient, needed in
            let dy = gradient.contiguous()
            let dm = Tensor.empty([convolution.outputCount], dtype: .float32)
            withExtendedLifetime((dy, dm)) {
                convolution.transformOutputGradient(dy.pointer(Float.self), dm.mutablePointer(Float.self))
            }
            var dx: Tensor?
            var dw: Tensor?
            if needed[0] {
                let inputGradient = Tensor.empty(x.shape, dtype: .float32)
                let scratch = Tensor.empty([convolution.inputCount], dtype: .float32)
                try withExtendedLifetime((dm, u, scratch)) {
                    try convolution.backwardData(
                        dm.pointer(Float.self), u.pointer(Float.self), scratch: scratch.mutablePointer(Float.self),
                        inputGradient.mutablePointer(Float.self))
                }
                dx = inputGradient
            }
            if needed[1] {
                let weightGradient = Tensor.empty(w.shape, dtype: .float32)
                let scratch = Tensor.empty([convolution.weightsCount], dtype: .float32)
                try withExtendedLifetime((dm, v, scratch)) {
                    try convolution.backwardWeights(
                        dm.pointer(Float.self), v.pointer(Float.self), scratch: scratch.mutablePointer(Float.self),
                        weightGradient.mutablePointer(Float.self))
                }
                dw = weightGradient
            }
            guard needed.count > 2 else { return [dx, dw] }
            let db = needed[2] ? Tensor.empty([g.outChannels], dtype: .float32) : nil
            if let db {
                withExtendedLifetime(dy) { g.biasGradient(dy.pointer(Float.self), db.mutablePointer(Float.self)) }
            }
            return [dx, dw, db]
        }
    }
}

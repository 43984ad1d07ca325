extension Tensor {
    /// `conv2d` on oneDNN's GEMM for a convolution that `seesWholeMap` (`DNNLWholeMapConvolution`):
    /// `x`, `w` and `b` are the contiguous detached fp32 operands, `inputs` the tensors the
    /// gradient flows to. The input and the output gradient are reordered channels-last once
    /// for every pass that reads them; the `[out, kh, kw, in]` weights once per weight tensor
    /// (`DNNLWeightCache`).
    static func dnnlWholeMapConv2d(
        _ x: Tensor, weight w: Tensor, bias b: Tensor?, recordingFor inputs: [Tensor], _ g: ConvolutionGeometry
    ) throws -> Tensor {
        let outputShape = [g.batch, g.outChannels, g.outHeight, g.outWidth]
        let convolution = DNNLWholeMapConvolution(g)
        let weights = try DNNLWeightCache.memory(for: w, as: channelsLast(w.shape))
        let source = try DNNLTensorMemory.reading(x, as: channelsLast(x.shape))
        let result = Tensor.empty(outputShape, dtype: .float32)
        let output = try DNNLTensorMemory.writing(result, as: channelsLast(outputShape))
        try withExtendedLifetime(b) {
            try convolution.forward(
                floats(source.memory), floats(weights), bias: b?.pointer(Float.self), floats(output.memory))
        }
        try output.finish()
        return result.recorded(from: inputs) { gradient, needed in
            let dy = gradient.contiguous()
            let outputGradient = try DNNLTensorMemory.reading(dy, as: channelsLast(outputShape))
            var dx: Tensor?
            var dw: Tensor?
            if needed[0] {
                let inputGradient = Tensor.empty(x.shape, dtype: .float32)
                let diffSource = try DNNLTensorMemory.writing(inputGradient, as: channelsLast(x.shape))
                try convolution.backwardData(floats(outputGradient.memory), floats(weights), floats(diffSource.memory))
                try diffSource.finish()
                dx = inputGradient
            }
            if needed[1] {
                let weightGradient = Tensor.empty(w.shape, dtype: .float32)
                let diffWeights = try DNNLTensorMemory.writing(weightGradient, as: channelsLast(w.shape))
                try convolution.backwardWeights(
                    floats(source.memory), floats(outputGradient.memory), floats(diffWeights.memory))
                try diffWeights.finish()
                dw = weightGradient
            }
            guard needed.count > 2 else { return [dx, dw] }
            let db = needed[2] ? Tensor.empty([g.outChannels], dtype: .float32) : nil
            if let db {
                withExtendedLifetime(dy) {
                    g.biasGradient(dy.pointer(Float.self), db.mutablePointer(Float.self))
                }
            }
            return [dx, dw, db]
        }
    }

    private static func channelsLast(_ shape: [Int]) throws -> DNNLMemoryDescriptor {
        try DNNLMemoryDescriptor(shape: shape, dataType: .f32, layout: .channelsLast)
    }

    private static func floats(_ memory: DNNLMemory) -> UnsafeMutablePointer<Float> {
        memory.data.assumingMemoryBound(to: Float.self)
    }
}

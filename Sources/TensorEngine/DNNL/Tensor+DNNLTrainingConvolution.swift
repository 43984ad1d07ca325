extension Tensor {
    /// `conv2d` on oneDNN for an ungrouped fp32 convolution: `x`, `w` and `b` are the
    /// contiguous detached operands, `inputs` the tensors the gradient flows to (as `conv2d`
    /// records them). The forward's input, reordered into oneDNN's layout, is kept for the
    /// weight gradient, and the output gradient is reordered once for both backward passes;
    /// the weights' reordered copies are shared by every pass over the same weights
    /// (`DNNLWeightCache`).
    static func dnnlConv2d(
        _ x: Tensor, weight w: Tensor, bias b: Tensor?, recordingFor inputs: [Tensor], _ g: ConvolutionGeometry
    ) throws -> Tensor {
        let outputShape = [g.batch, g.outChannels, g.outHeight, g.outWidth]
        func key(_ pass: DNNLTrainingConvolution.Pass) -> DNNLTrainingConvolution {
            DNNLTrainingConvolution(
                pass, source: x.shape, weights: w.shape, destination: outputShape, hasBias: b != nil,
                stride: g.stride, padding: g.padding, dilation: g.dilation)
        }
        let forward = try DNNLPrimitiveCache.primitive(key(.forward))
        let source = try DNNLTensorMemory.reading(x, as: forward.descriptor(of: .source))
        let weights = try DNNLWeightCache.memory(for: w, as: forward.descriptor(of: .weights))
        let result = Tensor.empty(outputShape, dtype: .float32)
        let output = try DNNLTensorMemory.writing(result, as: forward.descriptor(of: .destination))
        let biasLayout = try DNNLMemoryDescriptor(shape: [g.outChannels], dataType: .f32, layout: .plain)
        let bias = try b.map { try DNNLTensorMemory.reading($0, as: biasLayout) }
        var arguments: [DNNLPrimitive.Argument: DNNLMemory] = [
            .source: source.memory, .weights: weights, .destination: output.memory,
        ]
        arguments[.bias] = bias?.memory
        try forward.execute(arguments)
        try output.finish()
        return result.recorded(from: inputs) { gradient, needed in
            let dy = gradient.contiguous()
            var dx: Tensor?
            var dw: Tensor?
            var db: Tensor?
            var outputGradient: DNNLTensorMemory?
            if needed[0] {
                let pass = try DNNLPrimitiveCache.primitive(key(.backwardData))
                let diffDestination = try DNNLTensorMemory.reading(dy, as: pass.descriptor(of: .diffDestination))
                // Its kernels may read the weights in another blocking than the forward's.
                let wLayout = pass.descriptor(of: .weights)
                let kernel = weights.descriptor == wLayout ? weights : try DNNLWeightCache.memory(for: w, as: wLayout)
                let inputGradient = Tensor.empty(x.shape, dtype: .float32)
                let diffSource = try DNNLTensorMemory.writing(inputGradient, as: pass.descriptor(of: .diffSource))
                try pass.execute([
                    .diffDestination: diffDestination.memory, .weights: kernel, .diffSource: diffSource.memory,
                ])
                try diffSource.finish()
                (dx, outputGradient) = (inputGradient, diffDestination)
            }
            if needed[1] || (needed.count > 2 && needed[2]) {
                let pass = try DNNLPrimitiveCache.primitive(key(.backwardWeights))
                let dyLayout = pass.descriptor(of: .diffDestination)
                let diffDestination =
                    try outputGradient.flatMap { $0.memory.descriptor == dyLayout ? $0 : nil }
                    ?? DNNLTensorMemory.reading(dy, as: dyLayout)
                let xLayout = pass.descriptor(of: .source)
                let input = source.memory.descriptor == xLayout ? source : try DNNLTensorMemory.reading(x, as: xLayout)
                let weightGradient = Tensor.empty(w.shape, dtype: .float32)
                let diffWeights = try DNNLTensorMemory.writing(weightGradient, as: pass.descriptor(of: .diffWeights))
                var arguments: [DNNLPrimitive.Argument: DNNLMemory] = [
                    .source: input.memory, .diffDestination: diffDestination.memory, .diffWeights: diffWeights.memory,
                ]
                let biasGradient = b.map { _ in Tensor.empty([g.outChannels], dtype: .float32) }
                let diffBias = try biasGradient.map { try DNNLTensorMemory.writing($0, as: biasLayout) }
                arguments[.diffBias] = diffBias?.memory
                try pass.execute(arguments)
                try diffWeights.finish()
                (dw, db) = (weightGradient, biasGradient)
            }
            return [dx, needed[1] ? dw : nil] + (needed.count > 2 ? [db] : [])
        }
    }
}

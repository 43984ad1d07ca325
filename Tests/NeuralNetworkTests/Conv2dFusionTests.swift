import NeuralNetwork
import TensorEngine
import TestSupport
import Testing

/// A conv and an evaluation-mode norm with non-trivial statistics and affine parameters.
private func layers(seed: UInt64) throws -> (Conv2d, BatchNorm) {
    var generator = RandomGenerator(seed: seed)
    let conv = Conv2d(inChannels: 3, outChannels: 5, kernelSize: 3, stride: 2, padding: 1, generator: &generator)
    let norm = BatchNorm(features: 5)
    try norm.weight.assign(Tensor.randomNormal([5], using: &generator))
    try norm.bias.assign(Tensor.randomNormal([5], using: &generator))
    norm.runningMean.value = Tensor.randomNormal([5], using: &generator)
    norm.runningVariance.value = Tensor.randomUniform([5], lower: 0.5, upper: 2, using: &generator)
    norm.isTraining = false
    return (conv, norm)
}

@Test func fusedConvNormReluEqualsTheLayersInInference() throws {
    let (conv, norm) = try layers(seed: 1)
    var generator = RandomGenerator(seed: 2)
    let x = Tensor.randomNormal([2, 3, 9, 8], using: &generator)
    let residual = Tensor.randomNormal([2, 5, 5, 4], using: &generator)
    let separate = try Tensor.withConvolutionBackend(.native) { try (norm(conv(x)) + residual).relu() }
    let fused = try Tensor.withoutGradient { try conv.fused(x, norm: norm, residual: residual, relu: true) }
    #expect(fused?.doubles == separate.doubles)
}

@Test func fusionStepsAsideWhenTrainingOrRecordingGradients() throws {
    let (conv, norm) = try layers(seed: 3)
    var generator = RandomGenerator(seed: 4)
    let x = Tensor.randomNormal([2, 3, 9, 8], using: &generator)
    #expect(try conv.fused(x, norm: norm, relu: true) == nil, "trainable parameters record gradients")
    conv.setFrozen(true)
    norm.setFrozen(true)
    let frozen = try conv.fused(x, norm: norm, relu: false)
    let separate = try Tensor.withConvolutionBackend(.native) { try norm(conv(x)) }
    #expect(frozen?.doubles == separate.doubles, "a frozen teacher takes the fused path")
    #expect(try conv.fused(x.requiringGradient(), norm: norm, relu: false) == nil, "the input wants a gradient")
    norm.setFrozen(false)
    norm.isTraining = true
    #expect(try Tensor.withoutGradient { try conv.fused(x, norm: norm, relu: true) } == nil, "batch statistics")
}

@Test func fusedBadInputNamesTheShape() throws {
    let (conv, norm) = try layers(seed: 5)
    #expect {
        _ = try Tensor.withoutGradient { try conv.fused(.zeros([1, 4, 9, 9]), norm: norm, relu: true) }
    } throws: { "\($0)".contains("[1, 4, 9, 9]") }
}

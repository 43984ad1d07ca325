import Models
import NeuralNetwork
import TensorEngine
import Testing

/// Inference (evaluation mode, no gradient) runs each conv with its norm, ReLU and shortcut
/// fused; the outputs must equal the layer-by-layer pass, which a recorded forward takes, on
/// the convolution kernels the fused path shares (`ConvolutionBackend.native`).
/// (IBN-a blocks are covered by the slow golden case, which compares the same two passes.)
@Test(arguments: ["ResNet50"])
func resNetInferenceEqualsTheRecordedForwardPass(_ name: String) throws {
    var generator = RandomGenerator(seed: 11)
    let network = try ModelRegistry.make(name, numClasses: 7, generator: &generator)
    // Non-trivial statistics and affine parameters in every norm.
    for (key, buffer) in network.namedBuffers() where key.hasSuffix("running_mean") || key.hasSuffix("running_var") {
        let values = Tensor.randomUniform(buffer.value.shape, lower: 0.2, upper: 1.5, using: &generator)
        buffer.value = key.hasSuffix("running_mean") ? try values - 0.8 : values
    }
    for (key, parameter) in network.namedParameters() where key.contains("bn") || key.contains(".BN.") {
        try parameter.assign(Tensor.randomUniform(parameter.value.shape, lower: -0.5, upper: 1.5, using: &generator))
    }
    network.setTraining(false)
    let images = Tensor.randomNormal([2, 3, 32, 32], using: &generator)
    let (recorded, inferred) = try Tensor.withConvolutionBackend(.native) {
        (try network(images.requiringGradient()), try Tensor.withoutGradient { try network(images) })
    }
    #expect(inferred.logits.doubles == recorded.logits.doubles)
    #expect(inferred.retrievalFeature.doubles == recorded.retrievalFeature.doubles)
    #expect(inferred.stageFeatures.count == 4)
    for (fused, separate) in zip(inferred.stageFeatures, recorded.stageFeatures) {
        #expect(fused.doubles == separate.doubles)
    }
    #expect(inferred.stageFeatures[3].doubles.contains(0), "the ReLUs clip something")
}

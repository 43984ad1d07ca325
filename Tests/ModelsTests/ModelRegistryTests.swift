import Models
import NeuralNetwork
import TensorEngine
import Testing

@Test func unknownModelNameListsTheValidNames() {
    var generator = RandomGenerator(seed: 0)
    #expect {
        _ = try ModelRegistry.make("ResNet19", numClasses: 10, generator: &generator)
    } throws: { error in
        let message = String(describing: error)
        return message.contains("ResNet19") && ModelRegistry.names.allSatisfy { message.contains($0) }
    }
}

@Test func registryCoversTheUpstreamNames() {
    for name in [
        "ResNet18", "ResNet34", "ResNet50", "ResNet101", "ResNet101_ibn_a", "MobileNetV3_Small",
        "Swin_Transformer_V2_Tiny", "Swin_Transformer_V2_Small", "Swin_Transformer_V2_Base", "MobileNetV2",
    ] {
        #expect(ModelRegistry.names.contains(name), "\(name) missing")
    }
}

@Test func wrongChannelCountNamesTheFirstLayer() throws {
    var generator = RandomGenerator(seed: 0)
    let network = try ModelRegistry.make("ResNet18", numClasses: 10, initialize: false, generator: &generator)
    #expect {
        _ = try network(Tensor.zeros([1, 1, 32, 32]))
    } throws: { error in
        guard case LayerError.badInput(let layer, let shape, _) = error else { return false }
        return layer == "conv1" && shape == [1, 1, 32, 32]
            && String(describing: error).contains("[batch, 3, height, width]")
    }
}

@Test func tooSmallInputNamesTheLayerAndShape() throws {
    var generator = RandomGenerator(seed: 0)
    let network = try ModelRegistry.make("ResNet18", numClasses: 10, initialize: false, generator: &generator)
    #expect {
        _ = try network(Tensor.zeros([1, 3, 1, 1]))
    } throws: { error in
        guard case LayerError.singleValueBatch(let layer, let shape) = error else { return false }
        return layer == "bn1" && shape == [1, 64, 1, 1]
    }
    network.setTraining(false)
    #expect {
        _ = try network(Tensor.zeros([1, 3, 1, 1]))
    } throws: { error in
        guard case LayerError.badInput(let layer, let shape, _) = error else { return false }
        return layer == "maxpool" && shape == [1, 64, 1, 1]
    }
    let swin = try ModelRegistry.make(
        "Swin_Transformer_V2_Tiny", numClasses: 10, initialize: false, generator: &generator)
    #expect {
        _ = try swin(Tensor.zeros([1, 3, 128, 128]))
    } throws: { error in
        String(describing: error).contains("model") && String(describing: error).contains("[1, 3, 128, 128]")
    }
}

@Test func stageShapesFollowTheSpecTable() throws {
    var generator = RandomGenerator(seed: 0)
    let network = try ModelRegistry.make("MobileNetV3_Small", numClasses: 10, initialize: false, generator: &generator)
    network.setTraining(false)
    let outputs = try Tensor.withoutGradient { try network(Tensor.zeros([1, 3, 64, 64])) }
    #expect(outputs.stageFeatures.map(\.shape) == [[1, 16, 16, 16], [1, 24, 8, 8], [1, 48, 4, 4], [1, 576, 4, 4]])
    #expect(outputs.pooledFeature.shape == [1, 576])
    #expect(outputs.retrievalFeature.shape == [1, 512])
    #expect(outputs.logits.shape == [1, 10])
}

@Test func frozenNetworkTakesNoGradientAndKeepsRunningStatistics() throws {
    var generator = RandomGenerator(seed: 0)
    let network = try ModelRegistry.make("MobileNetV3_Small", numClasses: 10, generator: &generator)
    network.setFrozen(true)
    network.setTraining(true)
    let before = network.namedBuffers().map { $0.buffer.value.scalars }
    let input = Tensor.randomNormal([2, 3, 32, 32], using: &generator).requiringGradient()
    let outputs = try network(input)
    try outputs.retrievalFeature.sum().backward()
    #expect(network.namedParameters().allSatisfy { $0.parameter.gradient == nil })
    #expect(network.namedBuffers().map { $0.buffer.value.scalars } == before)
    #expect(input.gradient != nil)
}

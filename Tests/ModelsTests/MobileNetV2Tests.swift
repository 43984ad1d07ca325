import Models
import NeuralNetwork
import TensorEngine
import Testing

/// torchvision's `mobilenet_v2()` layout, so that its ImageNet state dict loads by name.
@Test func mobileNetV2HasTorchvisionNamesAndSizes() throws {
    var generator = RandomGenerator(seed: 0)
    let network = MobileNetV2(numClasses: 1000, initialize: false, generator: &generator)
    let entries = network.stateEntries()
    let shapes = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0.value.shape) })
    #expect(entries.count == 314)
    #expect(network.parameterCount == 3_504_872)
    #expect(shapes["features.0.0.weight"] == [32, 3, 3, 3])
    #expect(shapes["features.1.conv.0.0.weight"] == [32, 1, 3, 3])
    #expect(shapes["features.1.conv.1.weight"] == [16, 32, 1, 1])
    #expect(shapes["features.1.conv.2.running_var"] == [16])
    #expect(shapes["features.2.conv.0.0.weight"] == [96, 16, 1, 1])
    #expect(shapes["features.2.conv.1.0.weight"] == [96, 1, 3, 3])
    #expect(shapes["features.2.conv.2.weight"] == [24, 96, 1, 1])
    #expect(shapes["features.2.conv.3.num_batches_tracked"] == [])
    #expect(shapes["features.18.0.weight"] == [1280, 320, 1, 1])
    #expect(shapes["classifier.1.weight"] == [1000, 1280])
    #expect(shapes["classifier.1.bias"] == [1000])
    network.setTraining(false)
    let outputs = try Tensor.withoutGradient { try network(Tensor.zeros([1, 3, 64, 64])) }
    #expect(outputs.logits.shape == [1, 1000])
    #expect(outputs.pooledFeature.shape == [1, 1280])
    #expect(outputs.stageFeatures.map { $0.shape[1] } == [24, 32, 96, 1280])
}

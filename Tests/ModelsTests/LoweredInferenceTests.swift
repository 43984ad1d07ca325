import Models
import NeuralNetwork
import TensorEngine
import TestSupport
import Testing

/// A network in eval mode with random weights of rank 16 (products of two small random
/// matrices: drawing every weight takes a debug build ~15 s for ResNet50) and non-trivial
/// statistics and affine parameters in every norm.
private func evalNetwork(_ name: String, seed: UInt64) throws -> any ImageNetwork {
    var generator = RandomGenerator(seed: seed)
    let network = try ModelRegistry.make(name, numClasses: 7, initialize: false, generator: &generator)
    for (_, parameter) in network.namedParameters() where parameter.value.rank >= 2 {
        let shape = parameter.value.shape
        let fanIn = shape.dropFirst().reduce(1, *)
        let scale = 1 / Double(16 * fanIn).squareRoot()
        let left = Tensor.randomNormal([shape[0], 16], using: &generator)
        let right = Tensor.randomNormal([16, fanIn], std: scale, using: &generator)
        try parameter.assign(left.matmul(right).reshaped(shape))
    }
    for (key, buffer) in network.namedBuffers() where key.hasSuffix("running_mean") || key.hasSuffix("running_var") {
        let values = Tensor.randomUniform(buffer.value.shape, lower: 0.2, upper: 1.5, using: &generator)
        buffer.value = key.hasSuffix("running_mean") ? try values - 0.8 : values
    }
    for (_, parameter) in network.namedParameters() where parameter.value.rank == 1 {
        try parameter.assign(Tensor.randomUniform(parameter.value.shape, lower: -0.5, upper: 1.5, using: &generator))
    }
    network.setTraining(false)
    return network
}

/// The cosine similarity of each row of two `[rows, columns]` matrices.
func rowCosines(_ a: Tensor, _ b: Tensor) -> [Double] {
    let (x, y, columns) = (a.doubles, b.doubles, a.shape[1])
    return (0..<a.shape[0]).map { row in
        let range = row * columns..<(row + 1) * columns
        let dot = range.reduce(0) { $0 + x[$1] * y[$1] }
        let norms =
            range.reduce(0) { $0 + x[$1] * x[$1] }.squareRoot() * range.reduce(0) { $0 + y[$1] * y[$1] }.squareRoot()
        return dot / norms
    }
}

/// The oneDNN plan (batch norm folded, blocked layouts) gives the fp32 forward's outputs up to
/// summation order, and in bf16 retrieval features within cosine 0.999 of them.
@Test(arguments: ["ResNet18", "ResNet50_ibn_a"])
func loweredInferenceMatchesTheForwardPass(_ name: String) throws {
    let network = try evalNetwork(name, seed: 12)
    var generator = RandomGenerator(seed: 13)
    let images = Tensor.randomNormal([2, 3, 64, 32], using: &generator)
    let expected = try Tensor.withoutGradient { try network(images) }
    let lowered = try network.inference(images, precision: .fp32)
    #expect(lowered.stageFeatures.count == 4)
    for (index, (a, b)) in zip(lowered.stageFeatures, expected.stageFeatures).enumerated() {
        #expect(a.shape == b.shape)
        let scale = b.doubles.map(abs).max() ?? 1
        let error = maxAbsoluteError(a.doubles, b.doubles) / scale
        #expect(error <= 1e-5, "\(name) stage \(index + 1): off by \(error) of the largest value")
    }
    for (field, a, b) in [
        ("retrieval", lowered.retrievalFeature, expected.retrievalFeature), ("logits", lowered.logits, expected.logits),
    ] {
        let error = maxAbsoluteError(a.doubles, b.doubles) / (b.doubles.map(abs).max() ?? 1)
        #expect(error <= 1e-4, "\(name) \(field): off by \(error) of the largest value")
    }

    guard InferencePrecision.isBF16Available else { return }
    let bf16 = try network.inference(images, precision: .bf16)
    let cosines = rowCosines(bf16.retrievalFeature, expected.retrievalFeature)
    #expect(cosines.allSatisfy { $0 >= 0.999 }, "\(name): bf16 retrieval cosines \(cosines)")
}

/// Without the stage maps a lowered run copies none out (it pools the last one), and its
/// outputs are the full run's; the path it takes is named for cache keys, and a network in training mode
/// (batch statistics) is not lowered.
@Test func loweredInferenceCanSkipTheStageMaps() throws {
    let network = try evalNetwork("ResNet18", seed: 16)
    var generator = RandomGenerator(seed: 17)
    let images = Tensor.randomNormal([2, 3, 32, 32], using: &generator)
    let full = try network.inference(images, precision: .fp32)
    let last = try network.inference(images, precision: .fp32, keepsStageMaps: false)
    #expect(last.stageFeatures.isEmpty)
    #expect(last.retrievalFeature.scalars == full.retrievalFeature.scalars)
    #expect(try network.inference(images, precision: .fp32).stageFeatures.count == 4)
    #expect(network.inferencePath(precision: .fp32) == "oneDNN plan, fp32")
    if InferencePrecision.isBF16Available {
        #expect(network.inferencePath(precision: .bf16) == "oneDNN plan, bf16")
    }
    network.setTraining(true)
    #expect(network.inferencePath(precision: .fp32) == "forward, fp32")
}

/// New weights (an optimizer step, a checkpoint load) replace the lowered plan; the same
/// weights reuse it.
@Test func loweredInferenceFollowsNewWeights() throws {
    let network = try evalNetwork("ResNet18", seed: 14)
    var generator = RandomGenerator(seed: 15)
    let images = Tensor.randomNormal([1, 3, 32, 32], using: &generator)
    let before = try network.inference(images, precision: .fp32).retrievalFeature
    #expect(try network.inference(images, precision: .fp32).retrievalFeature.doubles == before.doubles)
    let (_, weight) = try #require(network.namedParameters().first { $0.name == "conv1.weight" })
    try weight.assign(weight.value * 0.5)
    let expected = try Tensor.withoutGradient { try network(images) }.retrievalFeature
    let after = try network.inference(images, precision: .fp32).retrievalFeature
    #expect(after.doubles != before.doubles)
    let error = maxAbsoluteError(after.doubles, expected.doubles) / (expected.doubles.map(abs).max() ?? 1)
    #expect(error <= 1e-4, "off the new weights' forward by \(error)")
}

/// Bad images get the forward pass's errors (naming the layer, the dtype); a network in
/// training mode takes the forward pass itself.
@Test func loweredInferenceRejectsWhatTheForwardRejects() throws {
    let network = try evalNetwork("ResNet18", seed: 16)
    var generator = RandomGenerator(seed: 17)
    #expect {
        try network.inference(Tensor.randomNormal([1, 4, 32, 32], using: &generator), precision: .fp32)
    } throws: { "\($0)".contains("conv1") }
    let images = Tensor.randomNormal([2, 3, 32, 32], using: &generator)
    #expect {
        try network.inference(images.cast(to: .float64), precision: .bf16)
    } throws: { "\($0)".contains("dtypes float64 and float32") }
    network.setTraining(true)
    let training = try network.inference(images, precision: .fp32)
    let expected = try Tensor.withoutGradient { try network(images) }
    #expect(training.retrievalFeature.doubles == expected.retrievalFeature.doubles)
}

/// A batch run in chunks, and a run that keeps no stage maps, give the outputs of one run.
@Test func chunkedInferenceWithoutStagesGivesTheWholeBatchOutputs() throws {
    let network = try evalNetwork("ResNet18", seed: 21)
    var generator = RandomGenerator(seed: 22)
    let images = Tensor.randomNormal([5, 3, 32, 32], using: &generator)
    let whole = try network.inference(images, precision: .fp32)
    // 64 stem channels of 16 x 16 floats: 64 KiB an image, so 2 images a chunk.
    let chunked = try InferenceChunking.withActivationBudget(bytes: 2 * 64 * 16 * 16 * 4) {
        try network.inference(images, precision: .fp32)
    }
    let bare = try InferenceChunking.withActivationBudget(bytes: 64 * 16 * 16 * 4) {
        try network.inference(images, precision: .fp32, keepsStageMaps: false)
    }
    #expect(bare.stageFeatures.isEmpty)
    #expect(chunked.stageFeatures.map(\.shape) == whole.stageFeatures.map(\.shape))
    for (a, b) in zip(chunked.stageFeatures, whole.stageFeatures) {
        #expect(maxAbsoluteError(a.doubles, b.doubles) <= 1e-5 * (b.doubles.map(abs).max() ?? 1))
    }
    for outputs in [chunked, bare] {
        for (a, b) in [
            (outputs.logits, whole.logits), (outputs.pooledFeature, whole.pooledFeature),
            (outputs.retrievalFeature, whole.retrievalFeature),
        ] {
            #expect(a.shape == b.shape)
            #expect(maxAbsoluteError(a.doubles, b.doubles) <= 1e-5 * (b.doubles.map(abs).max() ?? 1))
        }
    }
}

import NeuralNetwork
import TensorEngine
import TestSupport
import Testing

@Test func batchNormStateDictOrderAndIntegerCounter() {
    let norm = BatchNorm(features: 3)
    #expect(
        norm.stateEntries().map(\.name) == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"])
    #expect(norm.stateEntries().map(\.isInteger) == [false, false, false, false, true])
}

@Test func batchNormTrainingUpdatesRunningStatisticsOnceAndFrozenUsesThem() throws {
    let norm = BatchNorm(features: 1, momentum: 0.5)
    let x = try Tensor(shape: [4, 1], scalars: [1, 2, 3, 6])
    let y = try norm(x)
    // Batch mean 3, biased variance 3.5, unbiased 14/3.
    #expect(maxAbsoluteError(norm.runningMean.value.doubles, [1.5]) < 1e-6)
    #expect(maxAbsoluteError(norm.runningVariance.value.doubles, [0.5 + 0.5 * 14 / 3]) < 1e-6)
    #expect(try norm.batchesTracked.value.item() == 1)
    #expect(maxAbsoluteError(y.doubles, [1, 2, 3, 6].map { ($0 - 3) / (3.5 + 1e-5).squareRoot() }) < 1e-5)
    norm.setFrozen(true)
    let frozen = try norm(x)
    #expect(try norm.batchesTracked.value.item() == 1, "a frozen (teacher) layer runs in evaluation mode")
    #expect(
        maxAbsoluteError(frozen.doubles, [1, 2, 3, 6].map { ($0 - 1.5) / (0.5 + 0.5 * 14 / 3 + 1e-5).squareRoot() })
            < 1e-5)
}

@Test func convolutionShapeAndPtflopsCount() throws {
    var generator = RandomGenerator(seed: 3)
    let conv = Conv2d(
        inChannels: 4, outChannels: 6, kernelSize: 3, stride: 2, padding: 1, groups: 2, generator: &generator)
    var tally = ComplexityTally()
    #expect(try conv.trace([2, 4, 9, 9], &tally) == [2, 6, 5, 5])
    // positions · k² · in · out/groups + bias per output element.
    #expect(tally.macs == 50 * 9 * 4 * 3 + 6 * 50)
    let y = try conv(Tensor.randomNormal([2, 4, 9, 9], using: &generator))
    #expect(y.shape == [2, 6, 5, 5])
    #expect(conv.stateEntries().map(\.name) == ["weight", "bias"])
    #expect(conv.weight.value.shape == [6, 2, 3, 3])
}

@Test func badInputErrorNamesTheLayerPathAndShape() throws {
    var generator = RandomGenerator(seed: 3)
    let block = Sequential([
        Conv2d(inChannels: 3, outChannels: 8, kernelSize: 3, generator: &generator), Activation(.relu),
        Pool2d(.max, kernelSize: 2),
    ])
    var tally = ComplexityTally()
    #expect {
        _ = try block.trace([1, 3, 3, 3], &tally)
    } throws: { error in
        let text = String(describing: error)
        return text.hasPrefix("2:") && text.contains("[1, 8, 1, 1]")
    }
    #expect(throws: LayerError.self) { _ = try block(Tensor.zeros([1, 5, 8, 8])) }
}

@Test func activationsFollowPtflopsConventions() throws {
    var tally = ComplexityTally()
    _ = try Activation(.relu).trace([2, 5], &tally)
    #expect(tally.macs == 20)
    _ = try Activation(.hardSwish).trace([2, 5], &tally)
    _ = try Activation(.relu6).trace([2, 5], &tally)
    #expect(tally.macs == 30)
    _ = try Pool2d(.max, kernelSize: 2).trace([1, 2, 4, 4], &tally)
    _ = try LayerNorm(features: 4).trace([3, 4], &tally)
    #expect(tally.macs == 30 + 64 + 12)
}

@Test func dropoutAndDropPathAreSeededAndIdentityInEvaluation() throws {
    var a = RandomGenerator(seed: 9)
    var b = RandomGenerator(seed: 9)
    let x = Tensor.ones([4, 8])
    let first = Dropout(probability: 0.5, generator: &a)
    let second = Dropout(probability: 0.5, generator: &b)
    let y = try first(x)
    #expect(y.scalars == (try second(x)).scalars)
    #expect(Set(y.scalars).isSubset(of: [0, 2]))
    first.setTraining(false)
    #expect(try first(x).scalars == x.scalars)
    let path = DropPath(probability: 0.5, generator: &a)
    let rows = try path(x).scalars
    for row in 0..<4 { #expect(Set(rows[(row * 8)..<(row * 8 + 8)]).count == 1, "one decision per sample") }
    path.setTraining(false)
    #expect(try path(x).scalars == x.scalars)
}

@Test func normalisationLayersMatchFiniteDifferences() throws {
    let layer = LayerNorm(features: 3)
    let instance = InstanceNorm2d(features: 2)
    let error = try gradientCheck([randomTensor([2, 3], seed: 1), randomTensor([3], seed: 2)]) { inputs in
        try inputs[0].layerNorm(weight: inputs[1], bias: nil)
    }
    #expect(error < 1e-6)
    #expect(try layer(Tensor.ones([2, 3])).shape == [2, 3])
    #expect(try instance(randomTensor([1, 2, 3, 3], seed: 4).cast(to: .float32)).shape == [1, 2, 3, 3])
}

@Test func averagePoolingLayerAveragesWindows() throws {
    let x = try Tensor(shape: [1, 1, 2, 4], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
    #expect(try Pool2d(.average, kernelSize: 2)(x).scalars == [3.5, 5.5])
    #expect(try Pool2d(.max, kernelSize: 2)(x).scalars == [6, 8])
}

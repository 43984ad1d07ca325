import NeuralNetwork
import TensorEngine
import Testing
import TestSupport

@Test func batchNormStateDictOrderAndIntegerCounter() {
    let norm = BatchNorm(features: 3)
    #expect(norm.stateEntries().map(\.name) == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"])
    #expect(norm.stateEntries().map(\.isInteger) == [false, false, false, false, true])
}

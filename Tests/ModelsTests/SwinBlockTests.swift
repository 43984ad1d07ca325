import NeuralNetwork
import TensorEngine
import Testing

@testable import Models

/// timm's shifted-window mask for an 8×8 map, window 4, shift 2: window 0 is one region;
/// the last window mixes four regions.
@Test func shiftedWindowMaskSeparatesRegions() throws {
    let mask = SwinBlock.mask(resolution: (8, 8), window: 4, shift: 2)
    #expect(mask.shape == [4, 16, 16])
    let values = mask.scalars
    #expect(values[0..<256].allSatisfy { $0 == 0 })
    let last = Array(values[(3 * 256)...])
    // Token 0 (row 0, col 0 of the window: region (1,1)) and token 15 (row 3, col 3: region (2,2)).
    #expect(last[0 * 16 + 15] == -100)
    #expect(last[0 * 16 + 1] == 0)
    #expect(last[0 * 16 + 2] == -100)
}

@Test func frozenSwinBlockNeverDropsPaths() throws {
    var generator = RandomGenerator(seed: 5)
    var initializer = WeightInitializer(generator: generator, enabled: true)
    let block = SwinBlock(
        dimension: 8, resolution: (8, 8), heads: 2, window: 4, shifted: true, dropPath: 0.5, initializer: &initializer)
    generator = initializer.generator
    for entry in block.stateEntries() where entry.name.hasPrefix("norm") {
        try entry.assign(Tensor.randomNormal(entry.value.shape, mean: 1, std: 0.1, using: &generator))
    }
    let x = Tensor.randomNormal([2, 8, 8, 8], using: &generator)
    block.setTraining(false)
    let reference = try block(x).scalars
    block.setFrozen(true)
    block.setTraining(true)
    #expect(try block(x).scalars == reference)
    block.setFrozen(false)
    #expect(
        try (0..<4).contains { _ in try block(x).scalars != reference }, "an unfrozen block in training drops paths")
}

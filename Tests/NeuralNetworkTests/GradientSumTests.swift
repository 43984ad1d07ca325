import NeuralNetwork
import TensorEngine
import TestSupport
import Testing

/// The gradient exchange of data-parallel training over two thread-backed ranks: every gradient
/// becomes its sum over the ranks, in its own element type, and keeps its shape.
@Suite struct GradientSumTests {
    @Test func everyGradientBecomesItsSumOverTheRanksInItsOwnType() throws {
        let sums = try ThreadProcessGroup.run(ranks: 2) { group in
            let scale = Double(group.rank + 1)
            let floats = Parameter(randomTensor([2, 3], seed: 1).cast(to: .float32))
            let doubles = Parameter(randomTensor([4], seed: 2))
            let untouched = Parameter(randomTensor([5], seed: 3).cast(to: .float32))
            try floats.value.setGradient(try randomTensor([2, 3], seed: 4).cast(to: .float32) * scale)
            try doubles.value.setGradient(try randomTensor([4], seed: 5) * scale)
            try GradientSum.allReduce([floats, untouched, doubles], over: group)
            let gradients = [floats.gradient, doubles.gradient]
            return (
                gradients.map { $0?.shape ?? [] }, gradients.map { $0?.dtype }, gradients.map { $0?.doubles ?? [] },
                untouched.gradient == nil
            )
        }
        for (shapes, types, values, untouched) in sums {
            #expect(shapes == [[2, 3], [4]])
            #expect(types == [.float32, .float64])
            #expect(values[0] == (try randomTensor([2, 3], seed: 4).cast(to: .float32) * 3).doubles)
            #expect(values[1] == (try randomTensor([4], seed: 5) * 3).doubles)
            #expect(untouched)
        }
    }
}

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

    @Test func gradientsAreReadAcrossPiecesSplitInsideThemAndEmptyOnes() throws {
        let sums = try ThreadProcessGroup.run(ranks: 2) { ranks in
            let group = PieceLendingGroup(ranks)
            let first = Parameter(randomTensor([2, 3], seed: 1).cast(to: .float32))
            let second = Parameter(randomTensor([5], seed: 2).cast(to: .float32))
            try first.value.setGradient(randomTensor([2, 3], seed: 3).cast(to: .float32))
            try second.value.setGradient(randomTensor([5], seed: 4).cast(to: .float32))
            try GradientSum.allReduce([first, second], over: group)
            return [first.gradient?.doubles ?? [], second.gradient?.doubles ?? []]
        }
        for values in sums {
            #expect(values[0] == (try randomTensor([2, 3], seed: 3).cast(to: .float32) * 2).doubles)
            #expect(values[1] == (try randomTensor([5], seed: 4).cast(to: .float32) * 2).doubles)
        }
    }
}

/// Thread-backed ranks that lend their sums as an empty piece, the first 4 values (a split
/// inside the first gradient), another empty piece and the rest, as a group of several ranks'
/// shards may.
private final class PieceLendingGroup: ProcessGroup {
    let base: ThreadProcessGroup
    init(_ base: ThreadProcessGroup) { self.base = base }
    var rank: Int { base.rank }
    var size: Int { base.size }
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws { try base.allReduceSum(values) }
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws { try base.allReduceSum(values) }
    func allGather(_ local: UnsafeRawBufferPointer, counts: [Int]) throws -> [UInt8] {
        try base.allGather(local, counts: counts)
    }
    func broadcast(_ bytes: [UInt8], from root: Int) throws -> [UInt8] { try base.broadcast(bytes, from: root) }
    func barrier() throws { try base.barrier() }

    func allReduceSum<T: TensorScalar>(
        count: Int, of type: T.Type, fill: (UnsafeMutableBufferPointer<T>) throws -> Void,
        read: ([UnsafeBufferPointer<T>]) throws -> Void
    ) throws {
        try base.allReduceSumInNewBuffer(count: count, of: type, fill: fill) { whole in
            let sums = whole[0]
            let split = min(4, sums.count)
            try read([
                UnsafeBufferPointer(rebasing: sums[0..<0]), UnsafeBufferPointer(rebasing: sums[0..<split]),
                UnsafeBufferPointer(rebasing: sums[split..<split]), UnsafeBufferPointer(rebasing: sums[split...]),
            ])
        }
    }
}

import TensorEngine
import Testing

/// Forward values of ops whose gradients `GradientTests` checks.
@Suite struct TensorValueTests {
    @Test func broadcastingArithmetic() throws {
        let column = try Tensor(shape: [2, 1], scalars: [1, 2])
        let row = try Tensor(shape: [3], scalars: [10, 20, 30])
        #expect(try (column + row).scalars == [11, 21, 31, 12, 22, 32])
        #expect(try (row / 10).scalars == [1, 2, 3])
        #expect(try (1.0 - column).scalars == [0, -1])
    }

    @Test func reductionsOverAxes() throws {
        let x = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(try x.sum().item() == 21)
        #expect(try x.sum(axis: 0).scalars == [5, 7, 9])
        #expect(try x.mean(axis: 1, keepingDimensions: true).shape == [2, 1])
        #expect(try x.transposed().sum(axis: 1).scalars == [5, 7, 9])
        let (values, indices) = try x.max(axis: 1)
        #expect(values.scalars == [3, 6] && indices == [2, 2])
    }

    @Test func largeSumIsAccurate() throws {
        let n = 1 << 20
        let x = Tensor.full([n], value: 0.1)
        #expect(abs(try x.sum().item() - 0.1 * Double(n)) < 1)
    }

    @Test func stableDescendingSort() throws {
        let x = try Tensor(shape: [1, 5], scalars: [1, 3, 3, 2, 3])
        let (values, indices) = try x.sorted(descending: true)
        #expect(values.scalars == [3, 3, 3, 2, 1])
        #expect(indices == [1, 2, 4, 3, 0])
    }

    @Test func softmaxRowsSumToOne() throws {
        let x = try Tensor(shape: [2, 3], scalars: [1000, 1001, 1002, -5, 0, 5])
        let s = try x.softmax(axis: 1)
        #expect(s.scalars.allSatisfy { $0.isFinite })
        #expect(try s.sum(axis: 1).scalars.allSatisfy { abs($0 - 1) < 1e-6 })
    }

    @Test func normalizeKeepsZeroRows() throws {
        let x = try Tensor(shape: [2, 2], scalars: [3, 4, 0, 0])
        #expect(try x.l2Normalized(axis: 1).scalars == [0.6, 0.8, 0, 0])
    }

    @Test func rollMatchesTorch() throws {
        let x = try Tensor(shape: [5], scalars: [0, 1, 2, 3, 4])
        #expect(try x.rolled(by: 2, axis: 0).scalars == [3, 4, 0, 1, 2])
        #expect(try x.rolled(by: -1, axis: 0).scalars == [1, 2, 3, 4, 0])
    }

    @Test func seededGeneratorsRepeat() throws {
        var g1 = RandomGenerator(seed: 42)
        var g2 = RandomGenerator(seed: 42)
        #expect(Tensor.randomNormal([16], using: &g1).scalars == Tensor.randomNormal([16], using: &g2).scalars)
        var resumed = try RandomGenerator(state: g1.state)
        #expect(resumed.next() == g1.next())
        #expect(Tensor.randomPermutation(10, using: &g1).sorted() == Array(0..<10))
    }

    @Test func gradientAccumulatesAcrossBackwardCalls() throws {
        let w = try Tensor(shape: [2], scalars: [1, 2]).requiringGradient()
        try (w * 3).sum().backward()
        try (w * 3).sum().backward()
        #expect(w.gradient?.scalars == [6, 6])
        w.zeroGradient()
        #expect(w.gradient == nil)
    }

    @Test func noGradientScopeRecordsNothing() throws {
        let w = try Tensor(shape: [2], scalars: [1, 2]).requiringGradient()
        let y = try Tensor.withoutGradient { try w * 2 }
        #expect(!y.requiresGradient)
        #expect(try (w * 2).requiresGradient)
        #expect(!(try w * 2).detached().requiresGradient)
    }
}

import TensorEngine
import TestSupport
import Testing

/// Data-parallel ops over a thread-backed group: the differentiable all-gather and
/// synchronised batch norm equal the single-process ops on the concatenated batch.
@Suite struct DistributedTests {
    /// A global batch of 5 split 3 + 2, as `BatchShares` splits it over two ranks.
    let global = randomTensor([5, 3, 2, 2], seed: 11)
    let weight = randomTensor([3], seed: 12)
    let bias = randomTensor([3], seed: 13)

    static func local(_ tensor: Tensor, _ group: any ProcessGroup) throws -> Tensor {
        try tensor.slice(axis: 0, group.shares.range(of: tensor.shape[0])).contiguous()
    }

    @Test func sharesAreContiguousAndKnownToEveryRank() {
        let shares = BatchShares(rank: 1, size: 3)
        #expect(shares.sizes(of: 7) == [3, 2, 2])
        #expect(shares.range(of: 7) == 3..<5)
        #expect(BatchShares(rank: 2, size: 3).range(of: 2) == 2..<2)
        #expect(BatchShares.whole.range(of: 4) == 0..<4)
    }

    @Test func gatherConcatenatesRowsAndSendsEachRankItsGradient() throws {
        let global = self.global
        let results = try ThreadProcessGroup.run(ranks: 2) { group in
            let mine = try Self.local(global, group).requiringGradient()
            let all = try mine.gathered(by: group)
            try (all * all).sum().backward()
            return (all.doubles, mine.gradient?.doubles ?? [])
        }
        for result in results { #expect(result.0 == global.doubles) }
        #expect(results[0].1 + results[1].1 == global.doubles.map { 2 * $0 })
    }

    @Test func gatherGradientMatchesFiniteDifferences() throws {
        let global = randomTensor([4, 3], seed: 14)
        let errors = try ThreadProcessGroup.run(ranks: 2) { group in
            try distributedGradientCheck(group: group, [try Self.local(global, group)]) { inputs in
                let all = try inputs[0].gathered(by: group)
                return try all * all.sum(axis: 0, keepingDimensions: true)
            }
        }
        #expect(errors[0] < 1e-6)
    }

    @Test func gatherRejectsRowCountsThatDoNotFit() throws {
        #expect(throws: (any Error).self) {
            _ = try ThreadProcessGroup.run(ranks: 2) { group in
                try Tensor.zeros([2, 3]).gathered(by: group, rows: [3, 2])
            }
        }
    }

    @Test func meteredGroupPassesEveryCollectiveOnAndCountsIt() throws {
        let tallies = try ThreadProcessGroup.run(ranks: 2) { base in
            let group = MeteredProcessGroup(base)
            var floats: [Float] = [1, 2, 3]
            try floats.withUnsafeMutableBufferPointer { try group.allReduceSum($0) }
            var doubles = [Double(group.rank)]
            try doubles.withUnsafeMutableBufferPointer { try group.allReduceSum($0) }
            try doubles.withUnsafeMutableBufferPointer { try group.allReduceSum($0) }
            let gathered = try group.allGather([group.rank, 7], counts: [2, 2])
            let sent = try group.broadcast(group.rank == 0 ? [1, 2, 3, 4, 5] : [], from: 0)
            try group.barrier()
            #expect(floats == [2, 4, 6] && doubles == [2] && gathered == [0, 7, 1, 7] && sent == [1, 2, 3, 4, 5])
            return group.tallies.mapValues { [$0.calls, $0.bytes] }
        }
        for tally in tallies {
            #expect(tally[.allReduceFloat] == [1, 12])
            #expect(tally[.allReduceDouble] == [2, 16])
            #expect(tally[.allGather] == [1, 32])
            #expect(tally[.broadcast] == [1, 5])
            #expect(tally[.barrier] == [1, 0])
        }
    }

    @Test func genericAllReduceTakesTheCollectiveOfItsElementType() throws {
        let tallies = try ThreadProcessGroup.run(ranks: 2) { base in
            let group = MeteredProcessGroup(base)
            func summed<T: TensorScalar>(_ values: [T]) throws -> [T] {
                var values = values
                try values.withUnsafeMutableBufferPointer { try group.allReduceSum($0) }
                return values
            }
            let (floats, doubles) = (try summed([Float(1), 2]), try summed([Double(group.rank)]))
            #expect(floats == [2, 4] && doubles == [1])
            return group.tallies.mapValues(\.calls)
        }
        for tally in tallies {
            #expect(tally[.allReduceFloat] == 1 && tally[.allReduceDouble] == 1)
        }
    }

    @Test func lentBufferSumsAreSummedAndCountedByTheirElementType() throws {
        let results = try ThreadProcessGroup.run(ranks: 3) { base in
            let group = MeteredProcessGroup(base)
            var floats: [Float] = []
            try group.allReduceSum(
                count: 3, of: Float.self, fill: { _ = $0.initialize(from: [1, 2, Float(group.rank)]) },
                read: { floats = $0.flatMap { $0 } })
            var doubles: [Double] = []
            try group.allReduceSum(
                count: 1, of: Double.self, fill: { $0[0] = 0.5 }, read: { doubles = $0.flatMap { $0 } })
            return (floats, doubles, group.tallies.mapValues { [$0.calls, $0.bytes] })
        }
        for (floats, doubles, tally) in results {
            #expect(floats == [3, 6, 3] && doubles == [1.5])
            #expect(tally[.allReduceFloat] == [1, 12] && tally[.allReduceDouble] == [1, 8])
        }
    }

    @Test func broadcastSendsTheRootsTensorOrNothing() throws {
        let global = self.global
        let received = try ThreadProcessGroup.run(ranks: 3) { group in
            let sent = try Tensor.broadcast(group.rank == 1 ? global : nil, from: 1, over: group)
            let none = try Tensor.broadcast(group.rank == 0 ? nil : global, from: 0, over: group)
            return (sent?.shape ?? [], sent?.doubles ?? [], none == nil)
        }
        for (shape, values, none) in received {
            #expect(shape == global.shape && values == global.doubles && none)
        }
    }

    /// Dropout masks (per element, and with two rows per sample as windows have) drawn for the
    /// global batch: each rank's rows of the single-process mask, and the same generator state.
    @Test(arguments: [1, 2])
    func dropoutMasksAreTheGlobalBatchs(rowsPerSample: Int) throws {
        let whole = randomTensor([5 * rowsPerSample, 4], seed: 18)
        var generator = RandomGenerator(seed: 3)
        let expected = try whole.dropout(probability: 0.5, training: true, using: &generator)
        let after = generator.nextUniform()
        let results = try ThreadProcessGroup.run(ranks: 2) { group in
            let samples = group.shares.range(of: 5)
            let mine = try whole.slice(
                axis: 0, (samples.lowerBound * rowsPerSample)..<(samples.upperBound * rowsPerSample))
            var generator = RandomGenerator(seed: 3)
            let rows = GlobalBatchRows(rows: group.shares.sizes(of: 5), rank: group.rank)
            let dropped = try Tensor.withGlobalBatchRows(rows) {
                try mine.dropout(probability: 0.5, training: true, using: &generator)
            }
            return (dropped.doubles, generator.nextUniform())
        }
        #expect(results[0].0 + results[1].0 == expected.doubles)
        #expect(results.allSatisfy { $0.1 == after })
    }

    @Test func synchronisedBatchNormEqualsTheWholeBatch() throws {
        var mean = Tensor.zeros([3], dtype: .float64)
        var variance = Tensor.ones([3], dtype: .float64)
        let whole = global.requiringGradient()
        let expected = try whole.batchNorm(
            weight: weight, bias: bias, runningMean: &mean, runningVariance: &variance, training: true)
        let probe = randomTensor(global.shape, seed: 15)
        try (expected * probe).sum().backward()
        let (global, weight, bias) = (self.global, self.weight, self.bias)
        let results = try ThreadProcessGroup.run(ranks: 2) { group in
            var localMean = Tensor.zeros([3], dtype: .float64)
            var localVariance = Tensor.ones([3], dtype: .float64)
            let mine = try Self.local(global, group).requiringGradient()
            let y = try Tensor.synchronizingBatchNorm(over: group) {
                try mine.batchNorm(
                    weight: weight, bias: bias, runningMean: &localMean, runningVariance: &localVariance,
                    training: true)
            }
            try (try y.gathered(by: group) * probe).sum().backward()
            return (y.doubles, mine.gradient?.doubles ?? [], localMean.doubles, localVariance.doubles)
        }
        #expect(maxRelativeError(results[0].0 + results[1].0, expected.doubles) < 1e-12)
        #expect(maxRelativeError(results[0].1 + results[1].1, whole.gradient?.doubles ?? []) < 1e-12)
        for result in results {
            #expect(maxRelativeError(result.2, mean.doubles) < 1e-12)
            #expect(maxRelativeError(result.3, variance.doubles) < 1e-12)
        }
    }

    @Test func synchronisedBatchNormGradientMatchesFiniteDifferences() throws {
        let global = randomTensor([4, 2, 2, 2], seed: 16)
        let weight = try self.weight.slice(axis: 0, 0..<2)
        let bias = try self.bias.slice(axis: 0, 0..<2)
        let errors = try ThreadProcessGroup.run(ranks: 2) { group in
            try distributedGradientCheck(group: group, [try Self.local(global, group), weight, bias]) { inputs in
                var mean = Tensor.zeros([2], dtype: .float64)
                var variance = Tensor.ones([2], dtype: .float64)
                return try Tensor.synchronizingBatchNorm(over: group) {
                    try inputs[0].batchNorm(
                        weight: inputs[1], bias: inputs[2], runningMean: &mean, runningVariance: &variance,
                        training: true)
                }.gathered(by: group)
            }
        }
        #expect(errors[0] < 1e-6)
    }

    @Test func synchronisedBatchNormAcceptsOneRowPerRank() throws {
        let rows = randomTensor([2, 4], seed: 17)
        let outputs = try ThreadProcessGroup.run(ranks: 2) { group in
            var mean = Tensor.zeros([4], dtype: .float64)
            var variance = Tensor.ones([4], dtype: .float64)
            return try Tensor.synchronizingBatchNorm(over: group) {
                try Self.local(rows, group).batchNorm(
                    weight: nil, bias: nil, runningMean: &mean, runningVariance: &variance, training: true)
            }.doubles
        }
        var mean = Tensor.zeros([4], dtype: .float64)
        var variance = Tensor.ones([4], dtype: .float64)
        let expected = try rows.batchNorm(
            weight: nil, bias: nil, runningMean: &mean, runningVariance: &variance, training: true)
        #expect(maxRelativeError(outputs[0] + outputs[1], expected.doubles) < 1e-12)
    }
}

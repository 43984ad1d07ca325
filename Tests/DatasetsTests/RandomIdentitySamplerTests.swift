import TensorEngine
import Testing

@testable import Datasets

/// Labels for identities with the given image counts, interleaved so dataset order matters.
private func labels(_ counts: [Int]) -> [Int] {
    var result: [Int] = []
    var remaining = counts
    while remaining.contains(where: { $0 > 0 }) {
        for (pid, left) in remaining.enumerated() where left > 0 {
            result.append(pid * 10)
            remaining[pid] -= 1
        }
    }
    return result
}

@Test func everyBatchHoldsPIdentitiesTimesKImages() throws {
    let counts = [13, 6, 2, 9, 4, 17, 8, 5, 12, 3]
    let all = labels(counts)
    let sampler = try RandomIdentitySampler(labels: all, batchSize: 12, instances: 4)
    #expect(sampler.identitiesPerBatch == 3)
    #expect(sampler.nominalLength == counts.map { max($0, 4) - max($0, 4) % 4 }.reduce(0, +))
    for seed in 0..<20 as Range<UInt64> {
        var rng = RandomGenerator(seed: seed)
        let batches = sampler.epochBatches(using: &rng)
        #expect(!batches.isEmpty)
        var consumed: [Int: Int] = [:]
        for batch in batches {
            #expect(batch.count == 12)
            let groups = stride(from: 0, to: 12, by: 4).map { Array(batch[$0..<$0 + 4]) }
            let pids = groups.map { group in Set(group.map { all[$0] }) }
            #expect(pids.allSatisfy { $0.count == 1 }, "each group of K is one identity")
            #expect(Set(pids.compactMap(\.first)).count == 3, "P distinct identities")
            for group in groups { consumed[all[group[0]], default: 0] += 1 }
            for group in groups where counts[all[group[0]] / 10] >= 4 {
                #expect(Set(group).count == 4, "no repeats when an identity has K images")
            }
        }
        // Upstream stops as soon as fewer than P identities still have chunks.
        let unfinished = counts.indices.filter { consumed[$0 * 10, default: 0] < max(counts[$0], 4) / 4 }
        #expect(unfinished.count < 3)
        #expect(batches.count * 12 <= sampler.nominalLength)
    }
}

@Test func samplerIsDeterministicAndUsesEveryImageOfFullIdentities() throws {
    let all = labels([8, 8, 8, 8])
    let sampler = try RandomIdentitySampler(labels: all, batchSize: 8, instances: 4)
    var a = RandomGenerator(seed: 3)
    var b = RandomGenerator(seed: 3)
    var c = RandomGenerator(seed: 4)
    let order = sampler.epochOrder(using: &a)
    #expect(order == sampler.epochOrder(using: &b))
    #expect(order != sampler.epochOrder(using: &c))
    // With P = 1 the loop runs until every chunk of every identity is consumed.
    let single = try RandomIdentitySampler(labels: all, batchSize: 4, instances: 4)
    #expect(single.epochOrder(using: &a).sorted() == Array(0..<32))
}

@Test func samplerRejectsBatchNotMultipleOfInstances() {
    #expect {
        try RandomIdentitySampler(labels: [0, 1], batchSize: 10, instances: 4)
    } throws: { "\($0)".contains("DATALOADER.NUM_INSTANCE (4)") && "\($0)".contains("(10)") }
}

@Test func samplingOrdersCutBatches() {
    var rng = RandomGenerator(seed: 1)
    #expect(SamplingOrder.sequential.batches(count: 7, batchSize: 3, using: &rng) == [[0, 1, 2], [3, 4, 5], [6]])
    let shuffled = SamplingOrder.shuffled(dropLast: true).batches(count: 7, batchSize: 3, using: &rng)
    #expect(shuffled.count == 2 && shuffled.allSatisfy { $0.count == 3 } && Set(shuffled.joined()).count == 6)
    let kept = SamplingOrder.shuffled(dropLast: false).batches(count: 7, batchSize: 3, using: &rng)
    #expect(kept.map(\.count) == [3, 3, 1] && kept.joined().sorted() == Array(0..<7))
}

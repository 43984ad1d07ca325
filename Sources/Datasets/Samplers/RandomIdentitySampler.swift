import TensorEngine

/// Upstream's P × K identity sampler (`spec/data.md` §4.1, AIR-Distiller `dataloader/sampler.py`):
/// every batch holds `batchSize / instances` identities with `instances` images each, grouped
/// per identity.
public struct RandomIdentitySampler: Sendable, Equatable {
    /// Images per batch (`SOLVER.IMS_PER_BATCH`).
    public let batchSize: Int
    /// Images per identity in a batch (`DATALOADER.NUM_INSTANCE`).
    public let instances: Int
    /// Dataset indices of each identity, in dataset order; identities in order of first appearance.
    let groups: [[Int]]

    /// Identities per batch (P).
    public var identitiesPerBatch: Int { batchSize / instances }

    /// A sampler over the train `labels` (one per dataset index); throws when `batchSize` is
    /// not a positive multiple of `instances`.
    public init(labels: [Int], batchSize: Int, instances: Int) throws {
        guard instances > 0, batchSize >= instances, batchSize % instances == 0 else {
            throw DatasetError.invalidSettings(
                message:
                    "SOLVER.IMS_PER_BATCH (\(batchSize)) must be a positive multiple of DATALOADER.NUM_INSTANCE (\(instances))"
            )
        }
        var position: [Int: Int] = [:]
        var groups: [[Int]] = []
        for (index, label) in labels.enumerated() {
            if let slot = position[label] {
                groups[slot].append(index)
            } else {
                position[label] = groups.count
                groups.append([index])
            }
        }
        self.batchSize = batchSize
        self.instances = instances
        self.groups = groups
    }

    /// Upstream's nominal length: Σ over identities of n' − (n' mod K) with n' = max(n, K).
    public var nominalLength: Int {
        groups.reduce(0) { total, group in
            let n = max(group.count, instances)
            return total + n - n % instances
        }
    }

    /// One epoch's flat index order (a multiple of `batchSize`), as upstream's algorithm draws it.
    public func epochOrder(using rng: inout RandomGenerator) -> [Int] {
        var chunks: [[[Int]]] = groups.map { group in
            var indices = group
            if indices.count < instances {
                indices = (0..<instances).map { _ in group[rng.integer(below: group.count)] }
            }
            rng.shuffle(&indices)
            return stride(from: 0, to: indices.count - instances + 1, by: instances).map {
                Array(indices[$0..<$0 + instances])
            }
        }
        var available = Array(groups.indices)
        var order: [Int] = []
        let p = identitiesPerBatch
        while available.count >= p {
            // random.sample: P distinct identities, in the order drawn.
            var pool = available
            var selected: [Int] = []
            for i in 0..<p {
                pool.swapAt(i, i + rng.integer(below: pool.count - i))
                selected.append(pool[i])
            }
            for identity in selected {
                order += chunks[identity].removeFirst()
                if chunks[identity].isEmpty { available.removeAll { $0 == identity } }
            }
        }
        return order
    }

    /// One epoch cut into batches of `batchSize` indices.
    public func epochBatches(using rng: inout RandomGenerator) -> [[Int]] {
        let order = epochOrder(using: &rng)
        return stride(from: 0, to: order.count, by: batchSize).map {
            Array(order[$0..<min($0 + batchSize, order.count)])
        }
    }
}

/// How a loader orders its dataset each epoch.
public enum SamplingOrder: Sendable, Equatable {
    /// Dataset order, every image once, last batch possibly short (test loaders).
    case sequential
    /// A fresh random permutation each epoch; `dropLast` drops the incomplete last batch.
    case shuffled(dropLast: Bool)
    /// Upstream's P × K identity sampler (student loader).
    case identities(RandomIdentitySampler)

    /// The batches of one epoch over `count` records.
    public func batches(count: Int, batchSize: Int, using rng: inout RandomGenerator) -> [[Int]] {
        let order: [Int]
        var dropLast = false
        switch self {
        case .sequential:
            order = Array(0..<count)
        case .shuffled(let drop):
            var permutation = Array(0..<count)
            rng.shuffle(&permutation)
            order = permutation
            dropLast = drop
        case .identities(let sampler):
            return sampler.epochBatches(using: &rng)
        }
        let end = dropLast ? count - count % batchSize : count
        return stride(from: 0, to: end, by: batchSize).map { Array(order[$0..<min($0 + batchSize, end)]) }
    }
}

import Foundation
import TensorEngine

/// The neighbourhood structure of k-reciprocal re-ranking over all N = queries + gallery items.
///
/// Upstream's base distance is `D(a, b) = 2 − 2⟨x_a, x_b⟩` on raw features (it assumes unit
/// norm but is fed unnormalised features — matched on purpose), scaled per row by its maximum:
/// `D̃(a, ·) = D(a, ·) / max_b D(a, b)`.
struct ReciprocalGraph {
    let items: [Float]
    let count: Int
    let dim: Int
    /// `max_b D(a, b)` per item.
    let rowMax: [Float]
    /// The `neighbours` nearest items of each item by `D̃` (itself included), nearest first.
    let ranks: [[Int]]

    private static let chunk = 256

    init(items: [Float], count: Int, dim: Int, neighbours: Int) {
        self.items = items
        self.count = count
        self.dim = dim
        var rowMax = [Float](repeating: 0, count: count)
        var ranks = [[Int]](repeating: [], count: count)
        var block = [Float](repeating: 0, count: Self.chunk * count)
        for start in stride(from: 0, to: count, by: Self.chunk) {
            let rows = min(Self.chunk, count - start)
            ReciprocalGraph.baseDistances(items, dim: dim, count: count, rows: start..<(start + rows), into: &block)
            block.withUnsafeBufferPointer { lines in
                rowMax.withUnsafeMutableBufferPointer { maxima in
                    ranks.withUnsafeMutableBufferPointer { lists in
                        let (maxOut, listOut) = (UncheckedSendable(maxima), UncheckedSendable(lists))
                        parallelFor(rows) { row in
                            let line = UnsafeBufferPointer(rebasing: lines[(row * count)..<((row + 1) * count)])
                            let maximum = line.max() ?? 1
                            maxOut.value[start + row] = maximum
                            var top = TopList(capacity: neighbours)
                            for (offset, value) in line.enumerated() {
                                let scaled = value / maximum
                                if top.admits(scaled, offset) { top.insert(scaled, offset) }
                            }
                            listOut.value[start + row] = top.indices
                        }
                    }
                }
            }
        }
        self.rowMax = rowMax
        self.ranks = ranks
    }

    /// `D(a, b)` for `a` in `rows` and every b, into `block` (`[rows, count]`), by GEMM.
    static func baseDistances(_ items: [Float], dim: Int, count: Int, rows: Range<Int>, into block: inout [Float]) {
        block.withUnsafeMutableBufferPointer { output in
            items.withUnsafeBufferPointer { x in
                guard let c = output.baseAddress, let base = x.baseAddress else { return }
                c.update(repeating: 2, count: rows.count * count)
                BLAS.gemm(
                    transposeB: true, m: rows.count, n: count, k: dim, alpha: -2, a: base + rows.lowerBound * dim,
                    lda: dim, b: base, ldb: dim, beta: 1, c: c, ldc: count)
            }
        }
    }

    /// `D̃(a, b)` for one pair.
    func scaledDistance(_ a: Int, _ b: Int) -> Float {
        var dot: Float = 0
        for k in 0..<dim { dot += items[a * dim + k] * items[b * dim + k] }
        return (2 - 2 * dot) / rowMax[a]
    }

    /// `K(a, k)`: the first k + 1 neighbours b of a that have a among their first k + 1.
    func reciprocalNeighbours(_ a: Int, _ k: Int) -> [Int] {
        ranks[a].prefix(k + 1).filter { ranks[$0].prefix(k + 1).contains(a) }
    }

    /// `V[a]` before query expansion (spec §5 steps 3–4): `exp(−D̃(a, b))` normalised over the
    /// k-reciprocal set of a, widened by every candidate's half-size set that overlaps it by
    /// more than two thirds.
    func reciprocalWeights(of a: Int, k1: Int, half: Int) -> [Int: Float] {
        let reciprocal = reciprocalNeighbours(a, k1)
        let core = Set(reciprocal)
        var expanded = core
        for candidate in reciprocal {
            let candidates = reciprocalNeighbours(candidate, half)
            if Double(candidates.filter(core.contains).count) > 2.0 / 3.0 * Double(candidates.count) {
                expanded.formUnion(candidates)
            }
        }
        let members = expanded.sorted()
        let raw = members.map { Float(Foundation.exp(Double(-scaledDistance(a, $0)))) }
        let sum = raw.reduce(0, +)
        return Dictionary(uniqueKeysWithValues: zip(members, raw.map { $0 / sum }))
    }

    /// The sparse rows `V[a]` (spec §5 steps 3–5): weights `exp(−D̃)` normalised over the
    /// expanded k-reciprocal set, then averaged over the k2 nearest neighbours.
    func expandedWeights(k1: Int, k2: Int) -> [[Int: Float]] {
        let half = Int((Double(k1) / 2).rounded(.toNearestOrEven))
        var weights = [[Int: Float]](repeating: [:], count: count)
        weights.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            parallelFor(count) { a in out.value[a] = reciprocalWeights(of: a, k1: k1, half: half) }
        }
        guard k2 != 1 else { return weights }
        var expandedRows = [[Int: Float]](repeating: [:], count: count)
        expandedRows.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer)
            parallelFor(count) { a in
                var mean: [Int: Float] = [:]
                for neighbour in ranks[a].prefix(k2) {
                    for (column, value) in weights[neighbour] { mean[column, default: 0] += value }
                }
                out.value[a] = mean.mapValues { $0 / Float(k2) }
            }
        }
        return expandedRows
    }

    /// `(1 − λ)·J + λ·D̃` for every query (the first `queryCount` items) against every gallery
    /// item, with the Jaccard distance `J = 1 − s / (2 − s)`, `s = Σ_c min(V[a,c], V[b,c])`.
    func finalDistances(weights: [[Int: Float]], queryCount: Int, lambda: Float) -> Tensor {
        let galleryCount = count - queryCount
        var inverted = [[(item: Int, value: Float)]](repeating: [], count: count)
        for (item, row) in weights.enumerated() where item >= queryCount {
            for (column, value) in row { inverted[column].append((item - queryCount, value)) }
        }
        var block = [Float](repeating: 0, count: Self.chunk * count)
        return Tensor.makeFloats([queryCount, galleryCount]) { output in
            for start in stride(from: 0, to: queryCount, by: Self.chunk) {
                let rows = min(Self.chunk, queryCount - start)
                ReciprocalGraph.baseDistances(items, dim: dim, count: count, rows: start..<(start + rows), into: &block)
                let out = UncheckedSendable(output)
                parallelFor(rows) { row in
                    let a = start + row
                    var shared = [Float](repeating: 0, count: galleryCount)
                    for (column, value) in weights[a] {
                        for entry in inverted[column] { shared[entry.item] += min(value, entry.value) }
                    }
                    for b in 0..<galleryCount {
                        let jaccard = 1 - shared[b] / (2 - shared[b])
                        let original = block[row * count + queryCount + b] / rowMax[a]
                        out.value[a * galleryCount + b] = (1 - lambda) * jaccard + lambda * original
                    }
                }
            }
        }
    }
}

/// Runs `body(i)` for `i` in `0..<count`, split in contiguous ranges over the kernel threads.
func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    let workers = max(1, min(Parallelism.threads, count))
    let share = (count + workers - 1) / workers
    concurrentPerform(iterations: workers) { worker in
        for index in stride(from: worker * share, to: min(count, (worker + 1) * share), by: 1) { body(index) }
    }
}

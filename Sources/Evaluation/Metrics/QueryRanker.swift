/// Ranks one query's distance row against the gallery without sorting the row.
///
/// Upstream (`utils/rank.py`, Market-1501 protocol) argsorts the whole row, drops gallery items
/// with the query's id and camera, and reads the ranks of the positives. Only those ranks
/// matter: with few positives each one's rank is a vectorised count of the items before it;
/// with many, every kept negative is binned by binary search among the sorted positives
/// (O(G log P) instead of O(G log G)). The nearest `topK` kept items are kept for display.
struct QueryRanker {
    /// Ids and camera ids re-coded densely as `Int32` (to halve the memory traffic of the scan
    /// without truncating large ids); a query id absent from the gallery gets -1.
    let queryPids: [Int32]
    let queryCamids: [Int32]
    let galleryPids: [Int32]
    let galleryCamids: [Int32]
    /// Gallery indices per id code, ascending.
    let galleryByPid: [Int32: [Int]]
    let topK: Int

    init(query: RetrievalLabels, gallery: RetrievalLabels, topK: Int) {
        var pidCodes: [Int: Int32] = [:]
        var camidCodes: [Int: Int32] = [:]
        func code(_ value: Int, in table: inout [Int: Int32]) -> Int32 {
            if let known = table[value] { return known }
            let next = Int32(table.count)
            table[value] = next
            return next
        }
        galleryPids = gallery.pids.map { code($0, in: &pidCodes) }
        galleryCamids = gallery.camids.map { code($0, in: &camidCodes) }
        queryPids = query.pids.map { pidCodes[$0] ?? -1 }
        queryCamids = query.camids.map { camidCodes[$0] ?? -1 }
        var groups: [Int32: [Int]] = [:]
        for (index, pid) in galleryPids.enumerated() { groups[pid, default: []].append(index) }
        galleryByPid = groups
        self.topK = topK
    }

    /// Ranks query `query` from its `distances` to every gallery item (`[gallery]`).
    func rank(query: Int, distances: UnsafePointer<Float>) -> QueryResult {
        let pid = queryPids[query]
        let camid = queryCamids[query]
        // Same id: a positive under another camera, removed entirely under the same camera.
        var positives: [RankedItem] = []
        var removed: [RankedItem] = []
        for index in galleryByPid[pid] ?? [] {
            let item = RankedItem(distance: distances[index], index: index)
            if galleryCamids[index] != camid { positives.append(item) } else { removed.append(item) }
        }
        positives.sort { $0.precedes($1) }
        let top = nearestKept(pid: pid, camid: camid, distances: distances)
        guard !positives.isEmpty else {
            return QueryResult(
                query: query, positives: 0, firstHitRank: nil, averagePrecision: nil,
                inverseNegativePenalty: nil, topGalleryIndices: top.indices, topDistances: top.distances)
        }
        let ranks =
            positives.count <= QueryRanker.countingLimit
            ? ranksByCounting(positives, removed: removed, distances: distances)
            : ranksByBinning(positives, pid: pid, distances: distances)
        var precisionSum = 0.0
        for (k, rank) in ranks.enumerated() { precisionSum += Double(k + 1) / Double(rank + 1) }
        return QueryResult(
            query: query, positives: ranks.count, firstHitRank: ranks[0],
            averagePrecision: precisionSum / Double(ranks.count),
            inverseNegativePenalty: Double(ranks.count) / Double(ranks[ranks.count - 1] + 1),
            topGalleryIndices: top.indices, topDistances: top.distances)
    }

    /// Up to this many positives, one vectorised counting pass per positive beats binning.
    static let countingLimit = 32

    /// The `topK` nearest gallery items, skipping same-id-same-camera ones.
    private func nearestKept(pid: Int32, camid: Int32, distances: UnsafePointer<Float>) -> TopList {
        var top = TopList(capacity: topK)
        guard topK > 0 else { return top }
        let bound = { top.admissionBound }
        RowKernels.forEachWithin(distances, count: galleryPids.count, bound: bound) { index in
            guard galleryPids[index] != pid || galleryCamids[index] != camid else { return }
            if top.admits(distances[index], index) { top.insert(distances[index], index) }
        }
        return top
    }

    /// 0-based kept ranks of the sorted positives: the number of gallery items ordered before a
    /// positive (a vectorised count over the whole row) minus the removed ones ordered before it.
    private func ranksByCounting(
        _ positives: [RankedItem], removed: [RankedItem],
        distances: UnsafePointer<Float>
    ) -> [Int] {
        positives.map { positive in
            RowKernels.countPreceding(distances, count: galleryPids.count, position: positive.index)
                - removed.count(where: { $0.precedes(positive) })
        }
    }

    /// 0-based kept ranks of the sorted positives for many positives: every kept negative is
    /// binned by how many positives precede it (binary search); the rank of the k-th positive is
    /// k plus the negatives binned at or below k — O(G log P).
    private func ranksByBinning(_ positives: [RankedItem], pid: Int32, distances: UnsafePointer<Float>) -> [Int] {
        var bins = [Int](repeating: 0, count: positives.count + 1)
        let last = positives[positives.count - 1]
        for index in 0..<galleryPids.count where galleryPids[index] != pid {
            let item = RankedItem(distance: distances[index], index: index)
            guard item.precedes(last) else { continue }
            var low = 0
            var high = positives.count - 1
            while low < high {
                let middle = (low + high) / 2
                if positives[middle].precedes(item) { low = middle + 1 } else { high = middle }
            }
            bins[low] += 1
        }
        var negativesBefore = 0
        return positives.indices.map { k in
            negativesBefore += bins[k]
            return k + negativesBefore
        }
    }
}

/// A gallery item in the stable ascending order: by distance, then by gallery index (the order
/// of a stable argsort; spec §3 leaves tie order open and the golden rows are tie-free).
struct RankedItem {
    let distance: Float
    let index: Int

    @inline(__always)
    func precedes(_ other: RankedItem) -> Bool {
        Evaluation.precedes(distance, index, other.distance, other.index)
    }
}

/// The stable ascending order: by distance, then by gallery index.
@inline(__always)
func precedes(_ d1: Float, _ i1: Int, _ d2: Float, _ i2: Int) -> Bool {
    d1 < d2 || (d1 == d2 && i1 < i2)
}

/// The `capacity` nearest items seen so far, nearest first (insertion into a short sorted list).
struct TopList {
    let capacity: Int
    private(set) var distances: [Float] = []
    private(set) var indices: [Int] = []
    /// Items farther than this cannot enter the list (infinite until it is full).
    private(set) var admissionBound = Float.infinity

    init(capacity: Int) {
        self.capacity = capacity
        distances.reserveCapacity(capacity)
        indices.reserveCapacity(capacity)
    }

    @inline(__always)
    func admits(_ distance: Float, _ index: Int) -> Bool {
        capacity > 0
            && (distances.count < capacity || precedes(distance, index, distances[capacity - 1], indices[capacity - 1]))
    }

    mutating func insert(_ distance: Float, _ index: Int) {
        guard capacity > 0 else { return }
        var position = distances.count
        while position > 0, precedes(distance, index, distances[position - 1], indices[position - 1]) { position -= 1 }
        guard position < capacity else { return }
        if distances.count == capacity {
            distances.removeLast()
            indices.removeLast()
        }
        distances.insert(distance, at: position)
        indices.insert(index, at: position)
        if distances.count == capacity { admissionBound = distances[capacity - 1] }
    }
}

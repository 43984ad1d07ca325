/// Ranks one query's distance row against the gallery without sorting the row.
///
/// Upstream (`utils/rank.py`, Market-1501 protocol) argsorts the whole row, drops gallery items
/// with the query's id and camera, and reads the ranks of the positives. Only those ranks
/// matter, so here the kept positives (few) are sorted, and every kept negative is binned by how
/// many positives precede it (binary search): the rank of the k-th positive is then k plus the
/// negatives binned at or below k — O(G log P) instead of O(G log G). Ties are ordered by
/// gallery index, i.e. the order of a stable ascending argsort (spec §3 allows any order; golden
/// rows are tie-free).
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
        var pidCodes: [Int: Int32] = [:], camidCodes: [Int: Int32] = [:]
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
        let pid = queryPids[query], camid = queryCamids[query]
        // Positives: same id, other camera (same id and same camera is removed entirely).
        var positives: [(distance: Float, index: Int)] = []
        for index in galleryByPid[pid] ?? [] where galleryCamids[index] != camid {
            positives.append((distances[index], index))
        }
        positives.sort { precedes($0.distance, $0.index, $1.distance, $1.index) }
        let positiveCount = positives.count
        var top = TopList(capacity: topK)
        for positive in positives { top.insert(positive.distance, positive.index) }
        // bins[b]: kept negatives preceded by exactly b positives.
        var bins = [Int](repeating: 0, count: positiveCount + 1)
        let last = positives.last ?? (-Float.infinity, -1)
        galleryPids.withUnsafeBufferPointer { pids in
            for index in 0..<pids.count where pids[index] != pid {
                let distance = distances[index]
                if positiveCount > 0, precedes(distance, index, last.distance, last.index) {
                    var low = 0, high = positiveCount - 1
                    while low < high {
                        let middle = (low + high) / 2
                        if precedes(positives[middle].distance, positives[middle].index, distance, index) {
                            low = middle + 1
                        } else {
                            high = middle
                        }
                    }
                    bins[low] += 1
                }
                if top.admits(distance, index) { top.insert(distance, index) }
            }
        }
        guard positiveCount > 0 else {
            return QueryResult(query: query, positives: 0, firstHitRank: nil, averagePrecision: nil,
                               inverseNegativePenalty: nil, topGalleryIndices: top.indices, topDistances: top.distances)
        }
        var negativesBefore = 0, precisionSum = 0.0, firstRank = 0, lastRank = 0
        for k in 0..<positiveCount {
            negativesBefore += bins[k]
            let rank = k + negativesBefore
            if k == 0 { firstRank = rank }
            lastRank = rank
            precisionSum += Double(k + 1) / Double(rank + 1)
        }
        return QueryResult(query: query, positives: positiveCount, firstHitRank: firstRank,
                           averagePrecision: precisionSum / Double(positiveCount),
                           inverseNegativePenalty: Double(positiveCount) / Double(lastRank + 1),
                           topGalleryIndices: top.indices, topDistances: top.distances)
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

    init(capacity: Int) {
        self.capacity = capacity
        distances.reserveCapacity(capacity)
        indices.reserveCapacity(capacity)
    }

    @inline(__always)
    func admits(_ distance: Float, _ index: Int) -> Bool {
        capacity > 0 && (distances.count < capacity || precedes(distance, index, distances[capacity - 1], indices[capacity - 1]))
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
    }
}

/// How the items of a batch (or of a query / gallery set) split over the ranks of a group:
/// contiguous shares in rank order, the first `count % size` ranks taking one item more, so
/// every rank knows every share's size without asking.
public struct BatchShares: Sendable, Equatable {
    /// This process's rank.
    public let rank: Int
    /// The number of ranks.
    public let size: Int

    /// The shares of `rank` among `size` ranks.
    public init(rank: Int, size: Int) {
        self.rank = rank
        self.size = max(size, 1)
    }

    /// One process takes everything.
    public static let whole = BatchShares(rank: 0, size: 1)

    /// Each rank's item count out of `count`, in rank order.
    public func sizes(of count: Int) -> [Int] {
        (0..<size).map { count / size + ($0 < count % size ? 1 : 0) }
    }

    /// The items of `0 ..< count` that this rank takes.
    public func range(of count: Int) -> Range<Int> {
        let sizes = sizes(of: count)
        let start = sizes[..<rank].reduce(0, +)
        return start..<(start + sizes[rank])
    }
}

extension ProcessGroup {
    /// This rank's shares of batches among the group.
    public var shares: BatchShares { BatchShares(rank: rank, size: size) }

    /// Every rank's `value`, in rank order.
    public func allGather(_ value: Int) throws -> [Int] {
        try allGather([value], counts: [Int](repeating: 1, count: size))
    }

    /// Every rank's `values` concatenated in rank order; `counts[r]` is rank r's count.
    public func allGather(_ values: [Int], counts: [Int]) throws -> [Int] {
        try allGather(values.map { Int64($0) }, counts: counts).map { Int($0) }
    }

    /// Every rank's `values` concatenated in rank order; `counts[r]` is rank r's element count.
    public func allGather<Element: BitwiseCopyable>(_ values: [Element], counts: [Int]) throws -> [Element] {
        let stride = MemoryLayout<Element>.stride
        let bytes = try values.withUnsafeBytes { local in
            try allGather(local, counts: counts.map { $0 * stride })
        }
        return bytes.withUnsafeBytes { raw in
            (0..<bytes.count / stride).map { raw.loadUnaligned(fromByteOffset: $0 * stride, as: Element.self) }
        }
    }
}

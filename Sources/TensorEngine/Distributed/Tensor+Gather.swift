extension Tensor {
    /// Every rank's rows (axis 0) concatenated in rank order, on every rank of `group`:
    /// PyTorch's differentiable all-gather. The backward hands this rank the rows of the
    /// gradient that belong to its own rows (every rank computes the same loss from the
    /// gathered tensor, so each sample's gradient flows back to the rank that computed it).
    /// `rows[r]` is rank r's row count when every rank knows it; otherwise the counts are
    /// exchanged first. With a group of one it returns `self`.
    public func gathered(by group: any ProcessGroup, rows: [Int]? = nil) throws -> Tensor {
        guard group.size > 1 else { return self }
        guard rank >= 1 else {
            throw TensorError.invalidArgument(op: "gathered", message: "a scalar has no rows to gather")
        }
        let counts = try rows ?? group.allGather(shape[0])
        guard counts.count == group.size, counts[group.rank] == shape[0] else {
            throw TensorError.invalidArgument(
                op: "gathered",
                message: "rank \(group.rank) holds \(shape[0]) rows, but the row counts given are \(counts) "
                    + "for \(group.size) ranks")
        }
        let rowShape = Array(shape.dropFirst())
        let rowBytes = Shape.count(rowShape) * dtype.byteCount
        let local = contiguous()
        let bytes = try withExtendedLifetime(local) {
            try group.allGather(
                UnsafeRawBufferPointer(start: local.rawElements, count: local.count * dtype.byteCount),
                counts: counts.map { $0 * rowBytes })
        }
        let result = Tensor.empty([counts.reduce(0, +)] + rowShape, dtype: dtype)
        bytes.withUnsafeBytes { source in
            guard let base = source.baseAddress else { return }
            result.rawElements.copyMemory(from: base, byteCount: source.count)
        }
        let start = counts[..<group.rank].reduce(0, +)
        let own = start..<(start + shape[0])
        return result.recorded(from: [self]) { gradient, _ in [try gradient.slice(axis: 0, own).contiguous()] }
    }
}

extension Tensor {
    /// The first element's bytes of a contiguous tensor, whatever its dtype.
    fileprivate var rawElements: UnsafeMutableRawPointer { storage.raw + offset * dtype.byteCount }
}

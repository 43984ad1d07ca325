extension Tensor {
    /// Every rank's rows (axis 0) concatenated in rank order, on every rank of `group`:
    /// PyTorch's differentiable all-gather. The backward hands this rank the rows of the
    /// gradient that belong to its own rows (every rank computes the same loss from the
    /// gathered tensor, so each sample's gradient flows back to the rank that computed it).
    /// `rows[r]` is rank r's row count when every rank knows it; otherwise the counts are
    /// exchanged first. With a group of one it returns `self`, or, under
    /// `Tensor.withSplitInvariantGradients`, `self` through an identity op: the gradients of the
    /// gathered tensor's uses then meet there and reach `self` as one sum, added to those of
    /// `self`'s other uses in the order they are over several ranks.
    public func gathered(by group: any ProcessGroup, rows: [Int]? = nil) throws -> Tensor {
        guard group.size > 1 else {
            return SplitInvariantGradients.enabled
                ? detached().recorded(from: [self]) { gradient, _ in [gradient] } : self
        }
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

extension Tensor {
    /// Rank `root`'s `tensor` (nil included) on every rank of `group`; the others' argument is
    /// ignored. One broadcast of its shape, dtype and elements.
    public static func broadcast(_ tensor: Tensor?, from root: Int, over group: any ProcessGroup) throws -> Tensor? {
        guard group.size > 1 else { return tensor }
        var bytes: [UInt8] = []
        if group.rank == root, let tensor {
            let header = ([tensor.dtype == .float32 ? 4 : 8, tensor.rank] + tensor.shape).map { Int64($0) }
            bytes = header.withUnsafeBytes { Array($0) }
            let local = tensor.contiguous()
            withExtendedLifetime(local) {
                bytes += UnsafeRawBufferPointer(start: local.rawElements, count: local.count * local.dtype.byteCount)
            }
        }
        let received = try group.broadcast(bytes, from: root)
        guard !received.isEmpty else { return nil }
        return received.withUnsafeBytes { raw -> Tensor? in
            guard let base = raw.baseAddress else { return nil }
            func word(_ index: Int) -> Int { Int(raw.loadUnaligned(fromByteOffset: 8 * index, as: Int64.self)) }
            let shape = (0..<word(1)).map { word(2 + $0) }
            let result = Tensor.empty(shape, dtype: word(0) == 4 ? .float32 : .float64)
            let start = 8 * (2 + shape.count)
            result.rawElements.copyMemory(from: base + start, byteCount: raw.count - start)
            return result
        }
    }
}

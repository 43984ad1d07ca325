/// Gathering, scattering, selection and sorting. Indices are plain `[Int]` in row-major order.
extension Tensor {
    /// `result[i][j] = self[i][indices[i][j]]` for a 2-D tensor and `indices` of shape
    /// `[rows, k]` (PyTorch `gather` along axis 1); backward scatters-adds.
    public func gather(columns indices: [Int], k: Int) throws -> Tensor {
        guard rank == 2, indices.count == shape[0] * k else {
            throw TensorError.shapeMismatch(
                op: "gather", lhs: shape, rhs: [indices.count / Swift.max(k, 1), k],
                hint: "a 2-D tensor and [rows, k] indices")
        }
        let rows = shape[0]
        let columns = shape[1]
        if let bad = indices.first(where: { $0 < 0 || $0 >= columns }) {
            throw TensorError.indexOutOfRange(op: "gather", index: bad, size: columns)
        }
        let flat = (0..<indices.count).map { ($0 / k) * columns + indices[$0] }
        let picked = try reshaped([-1]).indexSelect(flat)
        return try picked.reshaped([rows, k])
    }

    /// Rows (elements along axis 0) at `indices`, repeated as listed; backward scatters-adds.
    public func indexSelect(_ indices: [Int]) throws -> Tensor {
        guard rank >= 1 else { throw TensorError.invalidArgument(op: "indexSelect", message: "a scalar has no rows") }
        let rows = shape[0]
        if let bad = indices.first(where: { $0 < 0 || $0 >= rows }) {
            throw TensorError.indexOutOfRange(op: "indexSelect", index: bad, size: rows)
        }
        let source = detached().contiguous()
        let rowCount = count / Swift.max(rows, 1)
        let rowBytes = rowCount * dtype.byteCount
        let result = Tensor.empty([indices.count] + shape.dropFirst(), dtype: dtype)
        let from = source.storage.raw + source.offset * dtype.byteCount
        for (i, row) in indices.enumerated() {
            (result.storage.raw + i * rowBytes).copyMemory(from: from + row * rowBytes, byteCount: rowBytes)
        }
        let inputShape = shape
        return result.recorded(from: [self]) { gradient, _ in
            [try gradient.scatterAddRows(indices, into: inputShape)]
        }
    }

    /// A zero tensor of `shape` with this tensor's rows added at `indices` (the pullback of
    /// `indexSelect`; repeated indices accumulate).
    public func scatterAddRows(_ indices: [Int], into target: [Int]) throws -> Tensor {
        guard shape.first == indices.count, Array(shape.dropFirst()) == Array(target.dropFirst()) else {
            throw TensorError.shapeMismatch(
                op: "scatterAdd", lhs: shape, rhs: target, hint: "one row per index, equal row shapes")
        }
        if let bad = indices.first(where: { $0 < 0 || $0 >= target[0] }) {
            throw TensorError.indexOutOfRange(op: "scatterAdd", index: bad, size: target[0])
        }
        let result = dtype.dispatch(
            RowScatter(source: detached().contiguous(), indices: indices, target: target))
        let chosen = indices
        return result.recorded(from: [self]) { gradient, _ in [try gradient.indexSelect(chosen)] }
    }

    /// Rows of this tensor whose `mask` entry is true.
    public func rows(where mask: [Bool]) throws -> Tensor {
        guard mask.count == shape.first else {
            throw TensorError.shapeMismatch(
                op: "maskedSelect", lhs: shape, rhs: [mask.count], hint: "one mask entry per row")
        }
        return try indexSelect(mask.indices.filter { mask[$0] })
    }

    /// Sorts each row of the last axis; returns values and the source index of each.
    /// Stable: equal elements keep their order (PyTorch's CPU sort is stable for these sizes).
    public func sorted(descending: Bool = false) throws -> (values: Tensor, indices: [Int]) {
        guard rank >= 1 else { throw TensorError.invalidArgument(op: "sort", message: "a scalar cannot be sorted") }
        let length = shape[rank - 1]
        let rows = count / Swift.max(length, 1)
        let x = detached().contiguous().doubles
        var order = [Int]()
        order.reserveCapacity(count)
        for r in 0..<rows {
            let base = r * length
            let rowOrder = (0..<length).sorted { i, j in
                let a = x[base + i]
                let b = x[base + j]
                if a == b || (a.isNaN && b.isNaN) { return i < j }
                if a.isNaN { return descending }
                if b.isNaN { return !descending }
                return descending ? a > b : a < b
            }
            order.append(contentsOf: rowOrder)
        }
        let values = try gather(lastAxis: order, k: length)
        return (values, order)
    }

    /// The `k` largest (or smallest) elements of each row of the last axis, in order.
    public func topK(_ k: Int, largest: Bool = true) throws -> (values: Tensor, indices: [Int]) {
        guard rank >= 1, k >= 0, k <= shape[rank - 1] else {
            throw TensorError.invalidArgument(
                op: "topK", message: "k = \(k) for a last axis of size \(shape.last ?? 0)")
        }
        let (_, order) = try sorted(descending: largest)
        let length = shape[rank - 1]
        let rows = count / Swift.max(length, 1)
        let chosen = (0..<rows).flatMap { r in order[(r * length)..<(r * length + k)] }
        return (try gather(lastAxis: chosen, k: k), chosen)
    }

    /// `gather(columns:)` generalised to any rank: indices along the last axis, `k` per row.
    public func gather(lastAxis indices: [Int], k: Int) throws -> Tensor {
        let length = shape.last ?? 1
        let gathered = try reshaped([-1, length]).gather(columns: indices, k: k)
        return try gathered.reshaped(Array(shape.dropLast()) + [k])
    }

    /// Each element of `values` repeated `times` times, in order (PyTorch `repeat_interleave`).
    public static func repeatInterleave(_ values: [Int], times: Int) -> [Int] {
        values.flatMap { Array(repeating: $0, count: Swift.max(times, 0)) }
    }
}

/// A zero tensor of `target` with the rows of `source` added at `indices`.
private struct RowScatter: ElementTypeGeneric {
    let source: Tensor
    let indices: [Int]
    let target: [Int]

    func callAsFunction<T: TensorScalar>(_: T.Type) -> Tensor {
        let result = Tensor.zeros(target, dtype: source.dtype)
        let rowCount = Shape.count(Array(target.dropFirst()))
        let x = source.pointer(T.self)
        let out = result.mutablePointer(T.self)
        for (i, row) in indices.enumerated() {
            for j in 0..<rowCount { out[row * rowCount + j] += x[i * rowCount + j] }
        }
        return result
    }
}

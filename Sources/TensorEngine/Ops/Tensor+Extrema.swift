/// Maxima and minima along an axis, with the index where they occur.
extension Tensor {
    /// The largest element along `axis` and its (first) index; the gradient goes to that element.
    public func max(axis: Int, keepingDimensions: Bool = false) throws -> (values: Tensor, indices: [Int]) {
        try extremum(axis: axis, largest: true, keep: keepingDimensions)
    }

    /// The smallest element along `axis` and its (first) index.
    public func min(axis: Int, keepingDimensions: Bool = false) throws -> (values: Tensor, indices: [Int]) {
        try extremum(axis: axis, largest: false, keep: keepingDimensions)
    }

    /// Index of the largest element along `axis`, row-major over the other axes (no gradient).
    public func argmax(axis: Int) throws -> [Int] { try max(axis: axis).indices }

    /// The largest element of the whole tensor (gradient to the first maximum).
    public func max() throws -> Tensor { try reshaped([-1]).max(axis: 0).values }

    /// The smallest element of the whole tensor.
    public func min() throws -> Tensor { try reshaped([-1]).min(axis: 0).values }

    private func extremum(axis: Int, largest: Bool, keep: Bool) throws -> (values: Tensor, indices: [Int]) {
        let a = try Shape.axis(axis, rank: rank, op: largest ? "max" : "min")
        guard shape[a] > 0 else {
            throw TensorError.invalidArgument(op: largest ? "max" : "min", message: "axis \(axis) of \(shape) is empty")
        }
        let moved = try detached().movingAxisLast(a)
        let length = shape[a]
        let rows = count / length
        let (values, indices) = dtype.dispatch(
            RowExtrema(rows: moved, count: rows, length: length, largest: largest))
        var outShape = shape
        if keep { outShape[a] = 1 } else { outShape.remove(at: a) }
        let result = try values.reshaped(outShape)
        let inputShape = shape
        let chosen = indices
        return (
            result.recorded(from: [self]) { gradient, _ in
                [try gradient.scatteredAlongLastAxis(indices: chosen, length: length, axis: a, inputShape: inputShape)]
            }, indices
        )
    }

    /// The tensor with `axis` moved to the end, contiguous.
    func movingAxisLast(_ axis: Int) throws -> Tensor {
        if axis == rank - 1 { return contiguous() }
        var order = Array(0..<rank)
        order.remove(at: axis)
        order.append(axis)
        return try permuted(order).contiguous()
    }

    /// Places each row's single gradient at `indices[row]` of a zero row of `length`, then moves
    /// that axis back to `axis` (the pullback of max/min).
    private func scatteredAlongLastAxis(indices: [Int], length: Int, axis: Int, inputShape: [Int]) throws -> Tensor {
        let g = contiguous().doubles
        let rows = indices.count
        var movedShape = inputShape
        movedShape.remove(at: axis)
        movedShape.append(length)
        let scattered = Tensor.zeros(movedShape, dtype: dtype)
        for r in 0..<rows { scattered.setElement(at: r * length + indices[r], to: g[r]) }
        var order = Array(0..<(inputShape.count - 1))
        order.insert(inputShape.count - 1, at: axis)
        return try scattered.permuted(order).contiguous()
    }
}

/// The largest (or smallest) element of each contiguous row of `length`, and its first index.
private struct RowExtrema: ElementTypeGeneric {
    let rows: Tensor
    let count, length: Int
    let largest: Bool

    func callAsFunction<T: TensorScalar>(_: T.Type) -> (values: Tensor, indices: [Int]) {
        let result = Tensor.empty([count], dtype: rows.dtype)
        var indices = [Int](repeating: 0, count: count)
        let out = result.mutablePointer(T.self)
        withExtendedLifetime(rows) {
            let x = rows.pointer(T.self)
            for r in 0..<count {
                let (value, index) = extremumKernel(
                    x + r * length, count: length, stride: 1, largest: largest)
                out[r] = value
                indices[r] = index
            }
        }
        return (result, indices)
    }
}

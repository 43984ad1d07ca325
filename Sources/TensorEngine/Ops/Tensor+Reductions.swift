extension Tensor {
    /// Sum over `axes` (all axes when `nil`), keeping reduced dimensions as size 1 if asked.
    public func sum(axes: [Int]? = nil, keepingDimensions: Bool = false) throws -> Tensor {
        let reduced = try resolvedAxes(axes, op: "sum")
        let result = dtype.dispatch(
            ReducedSum(input: self, axes: reduced, keepingDimensions: keepingDimensions))
        let inputShape = shape
        let keptShape = shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
        return result.recorded(from: [self]) { gradient, _ in
            [try gradient.reshaped(keptShape).expanded(to: inputShape).contiguous()]
        }
    }

    /// Sum over one axis.
    public func sum(axis: Int, keepingDimensions: Bool = false) throws -> Tensor {
        try sum(axes: [axis], keepingDimensions: keepingDimensions)
    }

    /// Mean over `axes` (all axes when `nil`).
    public func mean(axes: [Int]? = nil, keepingDimensions: Bool = false) throws -> Tensor {
        let reduced = try resolvedAxes(axes, op: "mean")
        let n = reduced.reduce(1) { $0 * shape[$1] }
        return try sum(axes: reduced, keepingDimensions: keepingDimensions) / Double(Swift.max(n, 1))
    }

    /// Mean over one axis.
    public func mean(axis: Int, keepingDimensions: Bool = false) throws -> Tensor {
        try mean(axes: [axis], keepingDimensions: keepingDimensions)
    }

    /// Sums broadcast dimensions away so that a gradient has the shape of its operand.
    func summed(toShape target: [Int]) throws -> Tensor {
        if shape == target { return self }
        let pad = rank - target.count
        var axes = Array(0..<pad)
        for (i, size) in target.enumerated() where size == 1 && shape[i + pad] != 1 { axes.append(i + pad) }
        return try sum(axes: axes, keepingDimensions: true).reshaped(target)
    }

    func resolvedAxes(_ axes: [Int]?, op: String) throws -> [Int] {
        guard let axes else { return Array(0..<rank) }
        let resolved = try axes.map { try Shape.axis($0, rank: rank, op: op) }
        guard Set(resolved).count == resolved.count else {
            throw TensorError.invalidArgument(op: op, message: "axis repeated in \(axes)")
        }
        return resolved.sorted()
    }
}

/// Walks the input once in storage order, adding each row into the output element(s) it
/// reduces to (output strides are 0 along reduced axes): no transposed copy is made, and
/// a reduction over the innermost axis becomes one vectorised sum per row.
private struct ReducedSum: ElementTypeGeneric {
    let input: Tensor
    let axes: [Int]
    let keepingDimensions: Bool

    func callAsFunction<T: TensorScalar>(_: T.Type) -> Tensor {
        let (shape, rank) = (input.shape, input.rank)
        let kept = (0..<rank).filter { !axes.contains($0) }
        let outShape =
            keepingDimensions
            ? shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
            : kept.map { shape[$0] }
        let result = Tensor.zeros(outShape, dtype: input.dtype)
        var outStrides = [Int](repeating: 0, count: rank)
        var running = 1
        for axis in kept.reversed() {
            outStrides[axis] = running
            running *= shape[axis]
        }
        let merged = coalesced(shape: shape, input.strides, outStrides)
        let x = input.storage.pointer(as: T.self)
        let out = result.mutablePointer(T.self)
        forEachRow(
            shape: merged.shape, stridesA: merged.a, offsetA: input.offset, stridesB: merged.b,
            offsetB: 0
        ) {
            _, input, output, length, inputStride, outputStride in
            if outputStride == 0 {
                if inputStride == 1 {
                    out[output] += sumKernel(x + input, count: length)
                } else {
                    var total: T = 0
                    for i in 0..<length { total += x[input + i * inputStride] }
                    out[output] += total
                }
            } else {
                for i in 0..<length { out[output + i * outputStride] += x[input + i * inputStride] }
            }
        }
        return result
    }
}

/// Walks the rows (all but the last dimension) of up to two strided operands that share a
/// shape, handing each row's start offsets to `body` together with the row length and the
/// operands' strides along it. Row-major order, so an output can be written sequentially;
/// `rows` limits the walk to some of the rows (one worker's share).
@inline(__always)
func forEachRow(
    shape: [Int], stridesA: [Int], offsetA: Int, stridesB: [Int], offsetB: Int, rows: Range<Int>? = nil,
    _ body: (_ rowIndex: Int, _ a: Int, _ b: Int, _ length: Int, _ strideA: Int, _ strideB: Int) -> Void
) {
    let rank = shape.count
    if rank == 0 {
        if rows?.contains(0) ?? true { body(0, offsetA, offsetB, 1, 0, 0) }
        return
    }
    let length = shape[rank - 1]
    let innerA = stridesA[rank - 1]
    let innerB = stridesB[rank - 1]
    let all = 0..<Shape.count(Array(shape.dropLast()))
    let range = rows?.clamped(to: all) ?? all
    guard length > 0, !range.isEmpty else { return }
    // The multi-index of the first row, and the offsets it starts at.
    var index = [Int](repeating: 0, count: rank - 1)
    var a = offsetA
    var b = offsetB
    var remainder = range.lowerBound
    for axis in stride(from: rank - 2, through: 0, by: -1) {
        index[axis] = remainder % shape[axis]
        remainder /= shape[axis]
        a += index[axis] * stridesA[axis]
        b += index[axis] * stridesB[axis]
    }
    for row in range {
        body(row, a, b, length, innerA, innerB)
        var axis = rank - 2
        while axis >= 0 {
            index[axis] += 1
            a += stridesA[axis]
            b += stridesB[axis]
            if index[axis] < shape[axis] { break }
            a -= stridesA[axis] * shape[axis]
            b -= stridesB[axis] * shape[axis]
            index[axis] = 0
            axis -= 1
        }
    }
}

/// Merges adjacent dimensions that both operands traverse as one (stride of the outer equals
/// stride × size of the inner), and drops size-1 dimensions, so that kernels run long inner rows:
/// a `[32, 64, 32, 32]` tensor times a `[1, 64, 1, 1]` one becomes `[32, 64, 1024]` with the
/// second operand's strides `[0, 1, 0]`.
func coalesced(shape: [Int], _ stridesA: [Int], _ stridesB: [Int]) -> (shape: [Int], a: [Int], b: [Int]) {
    var outShape: [Int] = []
    var outA: [Int] = []
    var outB: [Int] = []
    for axis in 0..<shape.count where shape[axis] != 1 {
        if let last = outShape.indices.last,
            outA[last] == stridesA[axis] * shape[axis], outB[last] == stridesB[axis] * shape[axis]
        {
            outShape[last] *= shape[axis]
            outA[last] = stridesA[axis]
            outB[last] = stridesB[axis]
        } else {
            outShape.append(shape[axis])
            outA.append(stridesA[axis])
            outB.append(stridesB[axis])
        }
    }
    return (outShape, outA, outB)
}

extension Tensor {
    /// Row-major copy of this tensor (itself when already contiguous from offset 0 or any
    /// offset; views with gaps, permutations or broadcasts are materialised).
    public func contiguous() -> Tensor {
        if isContiguous { return self }
        return dtype.dispatch(StridedCopy(source: self))
            .recorded(from: [self]) { gradient, _ in [gradient] }
    }

    /// A view of this tensor broadcast to `target` (stride 0 along expanded dimensions).
    func broadcastView(to target: [Int]) -> Tensor {
        let pad = target.count - rank
        var newStrides = [Int](repeating: 0, count: target.count)
        for axis in 0..<rank where shape[axis] != 1 || target[axis + pad] == 1 {
            newStrides[axis + pad] = shape[axis] == 1 ? 0 : strides[axis]
        }
        return Tensor(storage: storage, shape: target, strides: newStrides, offset: offset, node: node)
    }
}

/// A row-major copy of a strided view, a row at a time.
private struct StridedCopy: ElementTypeGeneric {
    let source: Tensor

    func callAsFunction<T: TensorScalar>(_: T.Type) -> Tensor {
        let shape = source.shape
        let result = Tensor.empty(shape, dtype: source.dtype)
        let from = source.storage.pointer(as: T.self)
        let destination = result.mutablePointer(T.self)
        let merged = coalesced(shape: shape, source.strides, Shape.contiguousStrides(shape))
        forEachRow(
            shape: merged.shape, stridesA: merged.a, offsetA: source.offset, stridesB: merged.b,
            offsetB: 0
        ) { row, a, _, length, step, _ in
            let out = destination + row * length
            if step == 1 {
                out.update(from: from + a, count: length)
            } else {
                for i in 0..<length { out[i] = from[a + i * step] }
            }
        }
        return result
    }
}

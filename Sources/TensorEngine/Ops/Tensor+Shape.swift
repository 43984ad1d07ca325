/// Views and rearrangements. Views share storage; their pullbacks undo the rearrangement.
extension Tensor {
    /// The same elements in a new shape; one dimension may be `-1` (inferred).
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var target = newShape
        let known = newShape.filter { $0 != -1 }.reduce(1, *)
        let inferred = newShape.filter { $0 == -1 }.count
        if inferred == 1, known > 0, count % known == 0, let i = newShape.firstIndex(of: -1) {
            target[i] = count / known
        }
        guard inferred <= 1, target.allSatisfy({ $0 >= 0 }), Shape.count(target) == count else {
            throw TensorError.shapeMismatch(
                op: "reshape", lhs: shape, rhs: newShape,
                hint: "a reshape must keep the element count \(count)")
        }
        let source = contiguous()
        let view = Tensor(
            storage: source.storage, shape: target, strides: Shape.contiguousStrides(target), offset: source.offset)
        let original = shape
        return view.recorded(from: [source]) { gradient, _ in [try gradient.reshaped(original)] }
    }

    /// Flattens dimensions `start...` into one: `[N, C, H, W].flattened(from: 1)` is `[N, C·H·W]`.
    public func flattened(from start: Int = 0) throws -> Tensor {
        let axis = try Shape.axis(start, rank: rank, op: "flatten")
        return try reshaped(Array(shape[..<axis]) + [Shape.count(Array(shape[axis...]))])
    }

    /// Reorders the dimensions: result dimension `i` is this tensor's dimension `order[i]`.
    public func permuted(_ order: [Int]) throws -> Tensor {
        let axes = try order.map { try Shape.axis($0, rank: rank, op: "permute") }
        guard axes.count == rank, Set(axes).count == rank else {
            throw TensorError.invalidArgument(
                op: "permute", message: "\(order) is not a permutation of the \(rank) axes of \(shape)")
        }
        let view = Tensor(
            storage: storage, shape: axes.map { shape[$0] }, strides: axes.map { strides[$0] }, offset: offset)
        var inverse = [Int](repeating: 0, count: rank)
        for (i, axis) in axes.enumerated() { inverse[axis] = i }
        return view.recorded(from: [self]) { gradient, _ in [try gradient.permuted(inverse)] }
    }

    /// Swaps two dimensions (the last two by default: a matrix transpose).
    public func transposed(_ first: Int = -2, _ second: Int = -1) throws -> Tensor {
        let a = try Shape.axis(first, rank: rank, op: "transpose")
        let b = try Shape.axis(second, rank: rank, op: "transpose")
        var order = Array(0..<rank)
        order.swapAt(a, b)
        return try permuted(order)
    }

    /// A broadcast view of this tensor with the given shape (NumPy rules).
    public func expanded(to target: [Int]) throws -> Tensor {
        let full = try Shape.broadcast(shape, target, op: "expand")
        guard full == target else {
            throw TensorError.notBroadcastable(op: "expand", lhs: shape, rhs: target)
        }
        let view = broadcastView(to: target).detached()
        let original = shape
        return view.recorded(from: [self]) { gradient, _ in [try gradient.summed(toShape: original)] }
    }

    /// Inserts a dimension of size 1 at `axis`.
    public func unsqueezed(_ axis: Int) throws -> Tensor {
        let position = try Shape.axis(axis, rank: rank + 1, op: "unsqueeze")
        var target = shape
        target.insert(1, at: position)
        return try reshaped(target)
    }

    /// Removes a dimension of size 1.
    public func squeezed(_ axis: Int) throws -> Tensor {
        let position = try Shape.axis(axis, rank: rank, op: "squeeze")
        guard shape[position] == 1 else {
            throw TensorError.invalidArgument(
                op: "squeeze", message: "dimension \(axis) of \(shape) has size \(shape[position]), not 1")
        }
        var target = shape
        target.remove(at: position)
        return try reshaped(target)
    }

    /// Elements `range` along `axis` (a view). Negative bounds count from the end.
    public func slice(axis: Int, _ range: Range<Int>) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "slice")
        let size = shape[a]
        let lower = range.lowerBound < 0 ? range.lowerBound + size : range.lowerBound
        let upper = range.upperBound < 0 ? range.upperBound + size : range.upperBound
        guard lower >= 0, upper <= size, lower <= upper else {
            throw TensorError.indexOutOfRange(
                op: "slice \(range) of axis \(axis) in \(shape)", index: lower < 0 || lower > size ? lower : upper,
                size: size)
        }
        var target = shape
        target[a] = upper - lower
        let view = Tensor(storage: storage, shape: target, strides: strides, offset: offset + lower * strides[a])
        let original = shape
        let dtype = self.dtype
        return view.recorded(from: [self]) { gradient, _ in
            var before = original
            var after = original
            before[a] = lower
            after[a] = size - upper
            return [
                try Tensor.concatenated([.zeros(before, dtype: dtype), gradient, .zeros(after, dtype: dtype)], axis: a)
            ]
        }
    }

    /// One index along `axis`, removing that dimension (a view).
    public func select(axis: Int, index: Int) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "select")
        let i = index < 0 ? index + shape[a] : index
        guard i >= 0, i < shape[a] else {
            throw TensorError.indexOutOfRange(op: "select along axis \(axis) of \(shape)", index: index, size: shape[a])
        }
        return try slice(axis: a, i..<(i + 1)).squeezed(a)
    }

    /// Joins tensors of equal shape but along `axis`.
    public static func concatenated(_ parts: [Tensor], axis: Int) throws -> Tensor {
        guard let first = parts.first else {
            throw TensorError.invalidArgument(op: "concatenate", message: "no tensors given")
        }
        let a = try Shape.axis(axis, rank: first.rank, op: "concatenate")
        for part in parts {
            guard part.dtype == first.dtype else {
                throw TensorError.dtypeMismatch(op: "concatenate", lhs: first.dtype, rhs: part.dtype)
            }
            var p = part.shape
            var f = first.shape
            guard p.count == f.count else {
                throw TensorError.shapeMismatch(op: "concatenate", lhs: f, rhs: p, hint: "ranks differ")
            }
            p[a] = 0
            f[a] = 0
            guard p == f else {
                throw TensorError.shapeMismatch(
                    op: "concatenate", lhs: first.shape, rhs: part.shape, hint: "all dimensions but \(axis) must agree")
            }
        }
        var target = first.shape
        target[a] = parts.reduce(0) { $0 + $1.shape[a] }
        let outer = Shape.count(Array(target[..<a]))
        let inner = Shape.count(Array(target[(a + 1)...]))
        let result = Tensor.empty(target, dtype: first.dtype)
        let rowBytes = target[a] * inner * first.dtype.byteCount
        var column = 0
        for part in parts {
            let source = part.detached().contiguous()
            let partBytes = part.shape[a] * inner * first.dtype.byteCount
            let from = source.storage.raw + source.offset * first.dtype.byteCount
            let to = result.storage.raw + column * inner * first.dtype.byteCount
            for o in 0..<outer { (to + o * rowBytes).copyMemory(from: from + o * partBytes, byteCount: partBytes) }
            column += part.shape[a]
        }
        let sizes = parts.map { $0.shape[a] }
        return result.recorded(from: parts) { gradient, needed in
            var start = 0
            return try zip(sizes, needed).map { size, need in
                defer { start += size }
                return need ? try gradient.slice(axis: a, start..<(start + size)).contiguous() : nil
            }
        }
    }

    /// Stacks equal-shaped tensors along a new dimension `axis`.
    public static func stacked(_ parts: [Tensor], axis: Int = 0) throws -> Tensor {
        try concatenated(parts.map { try $0.unsqueezed(axis) }, axis: axis)
    }

    /// Pads the trailing dimensions with a constant: `padding[i] = (before, after)` applies to
    /// dimension `rank − padding.count + i`.
    public func padded(_ padding: [(before: Int, after: Int)], value: Double = 0) throws -> Tensor {
        guard padding.count <= rank, padding.allSatisfy({ $0.before >= 0 && $0.after >= 0 }) else {
            throw TensorError.invalidArgument(
                op: "pad", message: "\(padding.count) non-negative (before, after) pairs at most for shape \(shape)")
        }
        var result = self
        for (i, pad) in padding.enumerated() where pad.before + pad.after > 0 {
            let axis = rank - padding.count + i
            var before = result.shape
            var after = result.shape
            before[axis] = pad.before
            after[axis] = pad.after
            result = try Tensor.concatenated(
                [.full(before, value: value, dtype: dtype), result, .full(after, value: value, dtype: dtype)],
                axis: axis)
        }
        return result
    }

    /// Rotates elements along `axis` by `shift` (positive moves towards higher indices), as
    /// `torch.roll`; Swin's shifted windows use it.
    public func rolled(by shift: Int, axis: Int) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "roll")
        let size = shape[a]
        guard size > 0 else { return self }
        let s = ((shift % size) + size) % size
        if s == 0 { return self }
        return try Tensor.concatenated([slice(axis: a, (size - s)..<size), slice(axis: a, 0..<(size - s))], axis: a)
    }

    /// Converts to another element type; the gradient is converted back.
    public func cast(to target: DType) -> Tensor {
        if target == dtype { return self }
        let source = detached().contiguous()
        let result = Tensor.empty(shape, dtype: target)
        switch target {
        case .float64:
            let x = source.pointer(Float.self)
            let out = result.mutablePointer(Double.self)
            for i in 0..<count { out[i] = Double(x[i]) }
        case .float32:
            let x = source.pointer(Double.self)
            let out = result.mutablePointer(Float.self)
            for i in 0..<count { out[i] = Float(x[i]) }
        }
        let original = dtype
        return result.recorded(from: [self]) { gradient, _ in [gradient.cast(to: original)] }
    }
}

extension Tensor {
    /// Sum over `axes` (all axes when `nil`), keeping reduced dimensions as size 1 if asked.
    public func sum(axes: [Int]? = nil, keepingDimensions: Bool = false) throws -> Tensor {
        let reduced = try resolvedAxes(axes, op: "sum")
        let result: Tensor
        switch dtype {
        case .float32: result = reduceSum(Float.self, axes: reduced, keep: keepingDimensions)
        case .float64: result = reduceSum(Double.self, axes: reduced, keep: keepingDimensions)
        }
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

    /// Moves the reduced axes innermost, then sums each contiguous block.
    private func reduceSum<T: TensorScalar>(_: T.Type, axes: [Int], keep: Bool) -> Tensor {
        let kept = (0..<rank).filter { !axes.contains($0) }
        let outShape = keep ? shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element } : kept.map { shape[$0] }
        let block = axes.reduce(1) { $0 * shape[$1] }
        let arranged = Tensor(storage: storage, shape: (kept + axes).map { shape[$0] },
                              strides: (kept + axes).map { strides[$0] }, offset: offset).contiguous()
        let result = Tensor.empty(outShape, dtype: dtype)
        let x = arranged.pointer(T.self), out = result.mutablePointer(T.self)
        let outputs = result.count
        parallelChunks(outputs, minimum: Swift.max(1, parallelElementThreshold / Swift.max(block, 1))) { start, end in
            for i in start..<end { out[i] = sumKernel(x + i * block, count: block) }
        }
        return result
    }
}

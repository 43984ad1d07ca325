/// Softmax and friends, composed from primitives (STYLE: composites need no pullback of their
/// own). Each subtracts the maximum along the axis first for numerical stability.
extension Tensor {
    /// `log Σ exp(x)` along `axis`.
    public func logSumExp(axis: Int, keepingDimensions: Bool = false) throws -> Tensor {
        let shift = try max(axis: axis, keepingDimensions: true).values.detached()
        let total = try (self - shift).exp().sum(axis: axis, keepingDimensions: true).log() + shift
        return keepingDimensions ? total : try total.squeezed(axis)
    }

    /// `log softmax` along `axis` (the last by default), computed as `x − logSumExp(x)`.
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        try self - logSumExp(axis: axis, keepingDimensions: true)
    }

    /// `e^x / Σ e^x` along `axis` (the last by default); each slice sums to 1.
    public func softmax(axis: Int = -1) throws -> Tensor {
        let shifted = try self - max(axis: axis, keepingDimensions: true).values.detached()
        let e = shifted.exp()
        return try e / e.sum(axis: axis, keepingDimensions: true)
    }

    /// `softmax(−x)`.
    public func softmin(axis: Int = -1) throws -> Tensor { try (-self).softmax(axis: axis) }

    /// Euclidean norm along `axis`; its gradient is 0 where the norm is 0 (PyTorch).
    public func norm(axis: Int, keepingDimensions: Bool = false) throws -> Tensor {
        let squares = try square().sum(axis: axis, keepingDimensions: keepingDimensions)
        let n = squares.detached().sqrt()
        let result = n
        let x = detached()
        let a = try Shape.axis(axis, rank: rank, op: "norm")
        return result.recorded(from: [self]) { gradient, _ in
            let keptN = keepingDimensions ? n : try n.unsqueezed(a)
            let keptG = keepingDimensions ? gradient : try gradient.unsqueezed(a)
            let safe = try keptN + keptN.equalMask(0)
            return [try x * (keptG / safe) * (1 - keptN.equalMask(0))]
        }
    }

    /// Rows divided by `max(‖row‖, epsilon)` along `axis` (PyTorch's `F.normalize`).
    public func l2Normalized(axis: Int = -1, epsilon: Double = 1e-12) throws -> Tensor {
        try self / norm(axis: axis, keepingDimensions: true).clamped(min: epsilon)
    }
}

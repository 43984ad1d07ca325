/// Comparisons give masks: tensors of 0 and 1 in the operands' dtype, with no gradient.
extension Tensor {
    /// 1 where `self > other` (broadcast), else 0.
    public func greaterMask(_ other: Tensor) throws -> Tensor {
        try compare(other, .greater)
    }

    /// 1 where `self ≥ other` (broadcast), else 0.
    public func greaterEqualMask(_ other: Tensor) throws -> Tensor {
        try compare(other, .greaterEqual)
    }

    /// 1 where `self < other` (broadcast), else 0.
    public func lessMask(_ other: Tensor) throws -> Tensor {
        try other.greaterMask(self)
    }

    /// 1 where `self == other` (broadcast), else 0.
    public func equalMask(_ other: Tensor) throws -> Tensor {
        try compare(other, .equal)
    }

    /// 1 where an element is greater than `value`, else 0.
    public func greaterMask(_ value: Double) throws -> Tensor { try greaterMask(.scalar(value, like: self)) }
    /// 1 where an element is less than `value`, else 0.
    public func lessMask(_ value: Double) throws -> Tensor { try lessMask(.scalar(value, like: self)) }
    /// 1 where an element equals `value`, else 0.
    public func equalMask(_ value: Double) throws -> Tensor { try equalMask(.scalar(value, like: self)) }

    /// `condition ? other : self` elementwise, `condition` a 0/1 mask (broadcast); gradients go
    /// only to the side chosen, so an infinite value on the other side does no harm.
    public func replacing(where condition: Tensor, with other: Tensor) throws -> Tensor {
        guard dtype == other.dtype, dtype == condition.dtype else {
            throw TensorError.dtypeMismatch(
                op: "where", lhs: dtype, rhs: other.dtype == dtype ? condition.dtype : other.dtype)
        }
        let shape = try Shape.broadcast(
            Shape.broadcast(self.shape, other.shape, op: "where"), condition.shape, op: "where")
        let mask = condition.broadcastView(to: shape).detached().contiguous()
        let x = try detached().expanded(to: shape).contiguous()
        let y = try other.detached().expanded(to: shape).contiguous()
        let result = dtype.dispatch(Selection(mask: mask, unmasked: x, masked: y))
        let lhsShape = self.shape
        let rhsShape = other.shape
        let zeros = Tensor.zeros(shape, dtype: dtype)
        return result.recorded(from: [self, other]) { g, needed in
            [
                needed[0] ? try g.replacing(where: mask, with: zeros).summed(toShape: lhsShape).contiguous() : nil,
                needed[1] ? try zeros.replacing(where: mask, with: g).summed(toShape: rhsShape).contiguous() : nil,
            ]
        }
    }

    private func compare(_ other: Tensor, _ comparison: Comparison) throws -> Tensor {
        guard dtype == other.dtype else {
            throw TensorError.dtypeMismatch(op: comparison.rawValue, lhs: dtype, rhs: other.dtype)
        }
        return try dtype.dispatch(
            ComparisonMask(lhs: detached(), rhs: other.detached(), comparison: comparison))
    }
}

/// The comparisons that make masks, named as in error messages.
private enum Comparison: String {
    case greater
    case greaterEqual = "greater_equal"
    case equal
}

/// 1 where `lhs` compares true with `rhs` (broadcast), else 0. One loop per comparison, so
/// that each has its test compiled in.
private struct ComparisonMask: ElementTypeGeneric {
    let lhs, rhs: Tensor
    let comparison: Comparison

    func callAsFunction<T: TensorScalar>(_: T.Type) throws -> Tensor {
        let (a, b, op) = (lhs, rhs, comparison.rawValue)
        switch comparison {
        case .greater: return try Tensor.broadcastZip(a, b, T.self, op: op) { $0 > $1 ? 1 : 0 }
        case .greaterEqual:
            return try Tensor.broadcastZip(a, b, T.self, op: op) { $0 >= $1 ? 1 : 0 }
        case .equal: return try Tensor.broadcastZip(a, b, T.self, op: op) { $0 == $1 ? 1 : 0 }
        }
    }
}

/// `mask ? masked : unmasked` elementwise over three contiguous tensors of one shape.
private struct Selection: ElementTypeGeneric {
    let mask, unmasked, masked: Tensor

    func callAsFunction<T: TensorScalar>(_: T.Type) -> Tensor {
        let result = Tensor.empty(mask.shape, dtype: mask.dtype)
        let m = mask.pointer(T.self)
        let a = unmasked.pointer(T.self)
        let b = masked.pointer(T.self)
        let out = result.mutablePointer(T.self)
        for i in 0..<result.count { out[i] = m[i] != 0 ? b[i] : a[i] }
        return result
    }
}

/// Comparisons give masks: tensors of 0 and 1 in the operands' dtype, with no gradient.
extension Tensor {
    public func greaterMask(_ other: Tensor) throws -> Tensor {
        try compare(other, op: "greater") { $0 > $1 } _: { $0 > $1 }
    }

    public func greaterEqualMask(_ other: Tensor) throws -> Tensor {
        try compare(other, op: "greater_equal") { $0 >= $1 } _: { $0 >= $1 }
    }

    public func lessMask(_ other: Tensor) throws -> Tensor {
        try other.greaterMask(self)
    }

    public func equalMask(_ other: Tensor) throws -> Tensor {
        try compare(other, op: "equal") { $0 == $1 } _: { $0 == $1 }
    }

    public func greaterMask(_ value: Double) throws -> Tensor { try greaterMask(.scalar(value, like: self)) }
    public func lessMask(_ value: Double) throws -> Tensor { try lessMask(.scalar(value, like: self)) }
    public func equalMask(_ value: Double) throws -> Tensor { try equalMask(.scalar(value, like: self)) }

    /// `condition ? self : other` elementwise, `condition` a 0/1 mask; gradients go to the side chosen.
    public func replacing(where condition: Tensor, with other: Tensor) throws -> Tensor {
        let mask = condition.detached()
        return try self * (1.0 - mask) + other * mask
    }

    private func compare(_ other: Tensor, op: String, _ f32: @escaping (Float, Float) -> Bool, _ f64: @escaping (Double, Double) -> Bool) throws -> Tensor {
        guard dtype == other.dtype else { throw TensorError.dtypeMismatch(op: op, lhs: dtype, rhs: other.dtype) }
        return dtype == .float32
            ? try Tensor.broadcastZip(detached(), other.detached(), Float.self, op: op) { f32($0, $1) ? 1 : 0 }
            : try Tensor.broadcastZip(detached(), other.detached(), Double.self, op: op) { f64($0, $1) ? 1 : 0 }
    }
}

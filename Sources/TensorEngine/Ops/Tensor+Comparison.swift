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

    /// `condition ? other : self` elementwise, `condition` a 0/1 mask (broadcast); gradients go
    /// only to the side chosen, so an infinite value on the other side does no harm.
    public func replacing(where condition: Tensor, with other: Tensor) throws -> Tensor {
        guard dtype == other.dtype, dtype == condition.dtype else {
            throw TensorError.dtypeMismatch(op: "where", lhs: dtype, rhs: other.dtype == dtype ? condition.dtype : other.dtype)
        }
        let shape = try Shape.broadcast(Shape.broadcast(self.shape, other.shape, op: "where"), condition.shape, op: "where")
        let mask = condition.broadcastView(to: shape).detached().contiguous()
        let x = try detached().expanded(to: shape).contiguous(), y = try other.detached().expanded(to: shape).contiguous()
        func select<T: TensorScalar>(_: T.Type) -> Tensor {
            let result = Tensor.empty(shape, dtype: dtype)
            let m = mask.pointer(T.self), a = x.pointer(T.self), b = y.pointer(T.self), out = result.mutablePointer(T.self)
            for i in 0..<result.count { out[i] = m[i] != 0 ? b[i] : a[i] }
            return result
        }
        let result = dtype == .float32 ? select(Float.self) : select(Double.self)
        let lhsShape = self.shape, rhsShape = other.shape
        let zeros = Tensor.zeros(shape, dtype: dtype)
        return result.recorded(from: [self, other]) { g, needed in
            [needed[0] ? try g.replacing(where: mask, with: zeros).summed(toShape: lhsShape).contiguous() : nil,
             needed[1] ? try zeros.replacing(where: mask, with: g).summed(toShape: rhsShape).contiguous() : nil]
        }
    }

    private func compare(_ other: Tensor, op: String, _ f32: @escaping (Float, Float) -> Bool, _ f64: @escaping (Double, Double) -> Bool) throws -> Tensor {
        guard dtype == other.dtype else { throw TensorError.dtypeMismatch(op: op, lhs: dtype, rhs: other.dtype) }
        return dtype == .float32
            ? try Tensor.broadcastZip(detached(), other.detached(), Float.self, op: op) { f32($0, $1) ? 1 : 0 }
            : try Tensor.broadcastZip(detached(), other.detached(), Double.self, op: op) { f64($0, $1) ? 1 : 0 }
    }
}

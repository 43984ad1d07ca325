/// Elementwise arithmetic with NumPy broadcasting. Each gradient is summed back to the shape
/// of its operand.
extension Tensor {
    public static func + (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try binary(lhs, rhs, op: "add", Float.add, Double.add) { g, _, _ in (g, g) }
    }

    public static func - (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try binary(lhs, rhs, op: "subtract", Float.subtract, Double.subtract) { g, _, _ in (g, try -g) }
    }

    public static func * (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try binary(lhs, rhs, op: "multiply", Float.multiply, Double.multiply) { g, a, b in (try g * b, try g * a) }
    }

    public static func / (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try binary(lhs, rhs, op: "divide", Float.divide, Double.divide) { g, a, b in
            (try g / b, try -(g * a / (b * b)))
        }
    }

    public static prefix func - (operand: Tensor) throws -> Tensor { try operand * -1.0 }

    public static func + (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs + Tensor.scalar(rhs, like: lhs) }
    public static func - (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs - Tensor.scalar(rhs, like: lhs) }
    public static func * (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs * Tensor.scalar(rhs, like: lhs) }
    public static func / (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs / Tensor.scalar(rhs, like: lhs) }
    public static func + (lhs: Double, rhs: Tensor) throws -> Tensor { try Tensor.scalar(lhs, like: rhs) + rhs }
    public static func - (lhs: Double, rhs: Tensor) throws -> Tensor { try Tensor.scalar(lhs, like: rhs) - rhs }
    public static func * (lhs: Double, rhs: Tensor) throws -> Tensor { try Tensor.scalar(lhs, like: rhs) * rhs }
    public static func / (lhs: Double, rhs: Tensor) throws -> Tensor { try Tensor.scalar(lhs, like: rhs) / rhs }

    /// Elementwise maximum; the gradient goes to the larger operand (to `lhs` on a tie).
    public static func maximum(_ lhs: Tensor, _ rhs: Tensor) throws -> Tensor {
        try binary(lhs, rhs, op: "maximum", { Swift.max($0, $1) }, { Swift.max($0, $1) }) { g, a, b in
            let mask = try a.greaterEqualMask(b)
            return (try g * mask, try g * (1.0 - mask))
        }
    }

    /// Elementwise minimum; the gradient goes to the smaller operand (to `lhs` on a tie).
    public static func minimum(_ lhs: Tensor, _ rhs: Tensor) throws -> Tensor {
        try binary(lhs, rhs, op: "minimum", { Swift.min($0, $1) }, { Swift.min($0, $1) }) { g, a, b in
            let mask = try b.greaterEqualMask(a)
            return (try g * mask, try g * (1.0 - mask))
        }
    }

    /// A rank-0 tensor of `value` in the dtype of `other`, taking no gradient.
    static func scalar(_ value: Double, like other: Tensor) -> Tensor {
        other.dtype == .float32 ? Tensor(Float(value)) : Tensor(value)
    }

    /// Shared body of the binary ops: dtype check, broadcast kernel, pullback that reduces each
    /// gradient to its operand's shape.
    static func binary(
        _ lhs: Tensor, _ rhs: Tensor, op: String,
        _ f32: (Float, Float) -> Float, _ f64: (Double, Double) -> Double,
        derivative: @escaping (_ gradient: Tensor, _ lhs: Tensor, _ rhs: Tensor) throws -> (Tensor, Tensor)
    ) throws -> Tensor {
        guard lhs.dtype == rhs.dtype else { throw TensorError.dtypeMismatch(op: op, lhs: lhs.dtype, rhs: rhs.dtype) }
        let result = lhs.dtype == .float32
            ? try broadcastZip(lhs, rhs, Float.self, op: op, f32)
            : try broadcastZip(lhs, rhs, Double.self, op: op, f64)
        let a = lhs.detached(), b = rhs.detached()
        return result.recorded(from: [lhs, rhs]) { gradient, _ in
            let (ga, gb) = try derivative(gradient, a, b)
            return [try ga.summed(toShape: a.shape), try gb.summed(toShape: b.shape)]
        }
    }
}

private extension Float {
    static func add(_ a: Float, _ b: Float) -> Float { a + b }
    static func subtract(_ a: Float, _ b: Float) -> Float { a - b }
    static func multiply(_ a: Float, _ b: Float) -> Float { a * b }
    static func divide(_ a: Float, _ b: Float) -> Float { a / b }
}

private extension Double {
    static func add(_ a: Double, _ b: Double) -> Double { a + b }
    static func subtract(_ a: Double, _ b: Double) -> Double { a - b }
    static func multiply(_ a: Double, _ b: Double) -> Double { a * b }
    static func divide(_ a: Double, _ b: Double) -> Double { a / b }
}

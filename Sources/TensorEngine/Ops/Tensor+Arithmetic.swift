/// Elementwise arithmetic with NumPy broadcasting. Each gradient is summed back to the shape
/// of its operand.
extension Tensor {
    /// Elementwise sum, broadcast (NumPy rules); both operands must have one dtype.
    public static func + (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try binary(lhs, rhs, .add) { g, _, _ in (g, g) }
    }

    /// Elementwise difference, broadcast.
    public static func - (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try binary(lhs, rhs, .subtract) { g, _, _ in (g, try -g) }
    }

    /// Elementwise product, broadcast.
    public static func * (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try binary(lhs, rhs, .multiply) { g, a, b in (try g * b, try g * a) }
    }

    /// Elementwise quotient, broadcast.
    public static func / (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try binary(lhs, rhs, .divide) { g, a, b in
            (try g / b, try -(g * a / (b * b)))
        }
    }

    /// Elementwise negation.
    public static prefix func - (operand: Tensor) throws -> Tensor { try operand * -1.0 }

    /// Adds a constant (rounded to the tensor's dtype) to every element.
    public static func + (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs + Tensor.scalar(rhs, like: lhs) }
    /// Subtracts a constant from every element.
    public static func - (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs - Tensor.scalar(rhs, like: lhs) }
    /// Multiplies every element by a constant.
    public static func * (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs * Tensor.scalar(rhs, like: lhs) }
    /// Divides every element by a constant.
    public static func / (lhs: Tensor, rhs: Double) throws -> Tensor { try lhs / Tensor.scalar(rhs, like: lhs) }
    /// Adds every element to a constant.
    public static func + (lhs: Double, rhs: Tensor) throws -> Tensor { try Tensor.scalar(lhs, like: rhs) + rhs }
    /// Subtracts every element from a constant.
    public static func - (lhs: Double, rhs: Tensor) throws -> Tensor { try Tensor.scalar(lhs, like: rhs) - rhs }
    /// Multiplies a constant by every element.
    public static func * (lhs: Double, rhs: Tensor) throws -> Tensor { try Tensor.scalar(lhs, like: rhs) * rhs }
    /// Divides a constant by every element.
    public static func / (lhs: Double, rhs: Tensor) throws -> Tensor { try Tensor.scalar(lhs, like: rhs) / rhs }

    /// Elementwise maximum; the gradient goes to the larger operand (to `lhs` on a tie).
    public static func maximum(_ lhs: Tensor, _ rhs: Tensor) throws -> Tensor {
        try binary(lhs, rhs, .maximum) { g, a, b in
            let mask = try a.greaterEqualMask(b)
            return (try g * mask, try g * (1.0 - mask))
        }
    }

    /// Elementwise minimum; the gradient goes to the smaller operand (to `lhs` on a tie).
    public static func minimum(_ lhs: Tensor, _ rhs: Tensor) throws -> Tensor {
        try binary(lhs, rhs, .minimum) { g, a, b in
            let mask = try b.greaterEqualMask(a)
            return (try g * mask, try g * (1.0 - mask))
        }
    }

    /// A rank-0 tensor of `value` in the dtype of `other`, taking no gradient.
    static func scalar(_ value: Double, like other: Tensor) -> Tensor {
        full([], value: value, dtype: other.dtype)
    }

    /// Shared body of the binary ops: dtype check, broadcast kernel, pullback that reduces each
    /// gradient to its operand's shape.
    static func binary(
        _ lhs: Tensor, _ rhs: Tensor, _ operation: ArithmeticOperation,
        derivative: @escaping (_ gradient: Tensor, _ lhs: Tensor, _ rhs: Tensor) throws -> (Tensor, Tensor)
    ) throws -> Tensor {
        guard lhs.dtype == rhs.dtype else {
            throw TensorError.dtypeMismatch(op: operation.rawValue, lhs: lhs.dtype, rhs: rhs.dtype)
        }
        let result = try apply(operation, lhs, rhs)
        let a = lhs.detached()
        let b = rhs.detached()
        return result.recorded(from: [lhs, rhs]) { gradient, needed in
            let (ga, gb) = try derivative(gradient, a, b)
            return [
                needed[0] ? try ga.summed(toShape: a.shape) : nil, needed[1] ? try gb.summed(toShape: b.shape) : nil,
            ]
        }
    }

    /// One switch outside the loops, so that each case's kernel is specialised on its operator.
    private static func apply(
        _ operation: ArithmeticOperation, _ a: Tensor, _ b: Tensor
    ) throws -> Tensor {
        let op = operation.rawValue
        switch operation {
        case .add: return try elementwise(AddOperator.self, a, b, op: op)
        case .subtract: return try elementwise(SubtractOperator.self, a, b, op: op)
        case .multiply: return try elementwise(MultiplyOperator.self, a, b, op: op)
        case .divide: return try elementwise(DivideOperator.self, a, b, op: op)
        case .maximum: return try elementwise(MaximumOperator.self, a, b, op: op)
        case .minimum: return try elementwise(MinimumOperator.self, a, b, op: op)
        }
    }
}

/// The elementwise binary operators, named as in error messages.
enum ArithmeticOperation: String {
    case add, subtract, multiply, divide, maximum, minimum
}

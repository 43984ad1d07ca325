import ScriptLanguage
import TensorEngine

/// A tensor as a script value (type `Tensor`): attributes `shape`, `dtype`, `rank`, `count`, `T`;
/// arithmetic with broadcasting against tensors and numbers; comparisons give 0/1 masks;
/// indexing and slicing along several axes (`t[0, 1:3]`, `t[-1]`, `t[::2]`).
public final class TensorValue: HostObject {
    /// The wrapped tensor.
    public let tensor: Tensor
    /// The integer dtype the tensor was read from a file with (`int64` for `num_batches_tracked`),
    /// kept so that `save_tensors` writes it back as it was; `nil` for float data and for every
    /// computed tensor. The values themselves are float64, exact up to 2^53.
    public let integerDType: String?

    /// Wraps `tensor`; `integerDType` names the integer type its whole values came from.
    public init(_ tensor: Tensor, integerDType: String? = nil) {
        self.tensor = tensor
        self.integerDType = integerDType
    }

    /// `"Tensor"`.
    public var typeName: String { "Tensor" }

    /// The printed form: values for small tensors, a summary for large ones.
    public var description: String { TensorFormatter.describe(tensor) }

    /// The properties a script can read.
    public var attributeNames: [String] { ["shape", "dtype", "rank", "count", "T"] }

    /// `shape`, `dtype`, `rank`, `count` or `T` (the last two axes swapped).
    public func attribute(_ name: String) throws -> Value? {
        switch name {
        case "shape": return .integers(tensor.shape)
        case "dtype": return .string(integerDType ?? tensor.dtype.rawValue)
        case "rank": return .number(Double(tensor.rank))
        case "count": return .number(Double(tensor.count))
        case "T": return tensor.rank < 2 ? .tensor(tensor) : .tensor(try tensor.transposed())
        default: return nil
        }
    }

    /// The length of the first axis (a scalar has none).
    public var length: Int? { tensor.rank == 0 ? nil : tensor.shape[0] }

    /// The sub-tensors along the first axis (numbers for a vector).
    public func elements() throws -> [Value]? {
        guard tensor.rank > 0 else { return nil }
        return try (0..<tensor.shape[0]).map { i in
            try Value.wrapping(tensor.select(axis: 0, index: i))
        }
    }

    /// True only for a one-element tensor whose value is non-zero, as in NumPy.
    public var isTruthy: Bool {
        guard tensor.count == 1, let value = try? tensor.item() else { return tensor.count > 0 }
        return value != 0
    }

    /// `self op other` for arithmetic, `@` and comparisons; nil for anything else.
    public func binaryOperation(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        let operand: Tensor
        switch other {
        case .number(let n): operand = Tensor.full([], value: n, dtype: tensor.dtype)
        case .bool(let b): operand = Tensor.full([], value: b ? 1 : 0, dtype: tensor.dtype)
        case .host(let object as TensorValue): operand = object.tensor
        case .list:
            operand = try TensorConversion.tensor(from: other, dtype: tensor.dtype)
        default:
            if op == .equal { return .bool(false) }
            if op == .notEqual { return .bool(true) }
            return nil
        }
        let (a, b) = selfOnLeft ? (tensor, operand) : (operand, tensor)
        return try TensorValue.apply(op, a, b).map(Value.tensor)
    }

    /// `a op b` on tensors, or nil for operators tensors do not have.
    static func apply(_ op: BinaryOperator, _ a: Tensor, _ b: Tensor) throws -> Tensor? {
        let (a, b) = (a.dtype == b.dtype) ? (a, b) : (a.cast(to: .float64), b.cast(to: .float64))
        switch op {
        case .add: return try a + b
        case .subtract: return try a - b
        case .multiply: return try a * b
        case .divide: return try a / b
        case .matmul: return try a.matmul(b)
        case .power:
            if b.count == 1 { return a.pow(try b.item()) }
            return try (a.log() * b).exp()
        case .less: return try a.lessMask(b)
        case .greater: return try a.greaterMask(b)
        case .equal: return try a.equalMask(b)
        case .lessEqual: return try 1.0 - a.greaterMask(b)
        case .greaterEqual: return try 1.0 - a.lessMask(b)
        case .notEqual: return try 1.0 - a.equalMask(b)
        default: return nil
        }
    }

    /// `-t` and `+t`.
    public func unaryOperation(_ op: UnaryOperator) throws -> Value? {
        switch op {
        case .negate: return .tensor(try -tensor)
        case .plus: return .tensor(tensor)
        case .not: return nil
        }
    }

    /// `t[i, a:b, ::s]`: single indices drop their axis, slices keep it; a one-element result of
    /// single indices only is a number.
    public func subscriptGet(_ indices: [IndexValue]) throws -> Value? {
        let result = try TensorIndexing.select(tensor, indices)
        if result.rank == 0 { return .number(try result.item()) }
        return .tensor(result)
    }
}

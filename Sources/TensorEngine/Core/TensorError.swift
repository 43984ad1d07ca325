/// Everything a tensor operation can reject. Each case names the operation and the shapes or
/// values involved, so that the message alone tells the user what to change.
public enum TensorError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Two operands' shapes do not fit the operation; `hint` says what they must satisfy.
    case shapeMismatch(op: String, lhs: [Int], rhs: [Int], hint: String)
    /// Two shapes cannot be broadcast to a common shape.
    case notBroadcastable(op: String, lhs: [Int], rhs: [Int])
    /// An axis outside `-rank..<rank`.
    case invalidAxis(op: String, axis: Int, rank: Int)
    /// An index outside `0..<size` along one dimension.
    case indexOutOfRange(op: String, index: Int, size: Int)
    /// An argument out of its range, explained in `message`.
    case invalidArgument(op: String, message: String)
    /// Two operands of different element types.
    case dtypeMismatch(op: String, lhs: DType, rhs: DType)
    /// A gradient was asked of a tensor that has none (the message says which).
    case noGradient(String)
    /// OpenBLAS, or a symbol of it, could not be loaded; the message says which.
    case libraryUnavailable(String)
    /// oneDNN refused or failed to run `primitive` (which names its shapes).
    case dnnlFailure(primitive: String, status: String)

    /// The message shown to the user: the operation, the values involved, and what to change.
    public var description: String {
        switch self {
        case .shapeMismatch(let op, let lhs, let rhs, let hint):
            return "\(op): shapes \(lhs) and \(rhs) do not match (\(hint))"
        case .notBroadcastable(let op, let lhs, let rhs):
            return "\(op): shapes \(lhs) and \(rhs) cannot be broadcast together; "
                + "trailing dimensions must be equal or 1"
        case .invalidAxis(let op, let axis, let rank):
            return "\(op): axis \(axis) is out of range for a tensor of rank \(rank) "
                + "(valid: \(-rank)..<\(rank))"
        case .indexOutOfRange(let op, let index, let size):
            return "\(op): index \(index) is out of range for a dimension of size \(size)"
        case .invalidArgument(let op, let message):
            return "\(op): \(message)"
        case .dtypeMismatch(let op, let lhs, let rhs):
            return "\(op): dtypes \(lhs) and \(rhs) differ; cast one with .cast(to:)"
        case .noGradient(let message):
            return "no gradient: \(message)"
        case .libraryUnavailable(let message):
            return message
        case .dnnlFailure(let primitive, let status):
            return "oneDNN \(primitive): \(status); run with ONEDNN_VERBOSE=1 to see what it tried, "
                + "or EXPERIMENT.TEACHER_PRECISION fp32 on AIRS's own kernels"
        }
    }
}

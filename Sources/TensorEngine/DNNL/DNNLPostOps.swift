import CDNNL

/// Operations a primitive applies to its result before writing it, in order.
public struct DNNLPostOps: Hashable, Sendable {
    /// One post-op.
    public enum Operation: Hashable, Sendable {
        /// `dst = result + scale · dst`: the destination's previous contents (a residual) added.
        case sum(scale: Float)
        /// `max(0, x)`.
        case relu
    }

    /// The post-ops, applied first to last.
    public var operations: [Operation]

    /// Post-ops `operations`.
    public init(_ operations: [Operation] = []) { self.operations = operations }

    /// Runs `body` with a primitive attribute holding these post-ops (nil when there are none).
    /// - Throws: `TensorError.dnnlFailure` naming `primitive` if oneDNN refuses one.
    func withAttribute<R>(for primitive: String, _ body: (dnnl_primitive_attr_t?) throws -> R) throws -> R {
        guard !operations.isEmpty else { return try body(nil) }
        var attribute: dnnl_primitive_attr_t?
        try check(dnnl_primitive_attr_create(&attribute), primitive)
        defer { dnnl_primitive_attr_destroy(attribute) }
        var postOps: dnnl_post_ops_t?
        try check(dnnl_post_ops_create(&postOps), primitive)
        defer { dnnl_post_ops_destroy(postOps) }
        for operation in operations {
            switch operation {
            case .sum(let scale): try check(dnnl_post_ops_append_sum(postOps, scale), primitive)
            case .relu: try check(dnnl_post_ops_append_eltwise(postOps, 1, dnnl_eltwise_relu, 0, 0), primitive)
            }
        }
        try check(dnnl_primitive_attr_set_post_ops(attribute, postOps), primitive)
        return try body(attribute)
    }
}

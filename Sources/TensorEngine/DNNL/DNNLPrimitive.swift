import CDNNL

/// A created oneDNN primitive with its descriptor, named for error messages.
public final class DNNLPrimitive: @unchecked Sendable {
    /// A primitive's arguments (a reorder's are `source` and `destination`).
    public enum Argument: Hashable, Sendable {
        case source, weights, bias, destination
        /// The gradients of a backward pass: read (`diffDestination`) or written.
        case diffSource, diffWeights, diffBias, diffDestination

        var index: Int32 {
            switch self {
            case .source: return DNNL_ARG_SRC
            case .weights: return DNNL_ARG_WEIGHTS
            case .bias: return DNNL_ARG_BIAS
            case .destination: return DNNL_ARG_DST
            case .diffSource: return DNNL_ARG_DIFF_SRC
            case .diffWeights: return DNNL_ARG_DIFF_WEIGHTS
            case .diffBias: return DNNL_ARG_DIFF_BIAS
            case .diffDestination: return DNNL_ARG_DIFF_DST
            }
        }

        var query: (dnnl_query_t, Int32) {
            switch self {
            case .source: return (dnnl_query_src_md, 0)
            case .weights: return (dnnl_query_weights_md, 0)
            case .bias: return (dnnl_query_weights_md, 1)
            case .destination: return (dnnl_query_dst_md, 0)
            case .diffSource: return (dnnl_query_diff_src_md, 0)
            case .diffWeights: return (dnnl_query_diff_weights_md, 0)
            case .diffBias: return (dnnl_query_diff_weights_md, 1)
            case .diffDestination: return (dnnl_query_diff_dst_md, 0)
            }
        }
    }

    /// What the primitive is (`convolution [8, 64, 56, 56] → [8, 256, 56, 56]`).
    public let name: String
    let handle: dnnl_primitive_t
    private let descriptor: dnnl_primitive_desc_t

    /// Creates the primitive from the descriptor `makeDescriptor` fills in.
    /// - Throws: `TensorError.dnnlFailure` naming `name` when oneDNN has no implementation.
    init(name: String, _ makeDescriptor: (inout dnnl_primitive_desc_t?) -> dnnl_status_t) throws {
        var descriptor: dnnl_primitive_desc_t?
        try check(makeDescriptor(&descriptor), name)
        guard let descriptor else { throw TensorError.dnnlFailure(primitive: name, status: "no descriptor") }
        var handle: dnnl_primitive_t?
        let status = dnnl_primitive_create(&handle, descriptor)
        guard status == dnnl_success, let handle else {
            dnnl_primitive_desc_destroy(descriptor)
            try check(status == dnnl_success ? dnnl_runtime_error : status, name)
            throw TensorError.dnnlFailure(primitive: name, status: "no primitive")
        }
        self.name = name
        self.descriptor = descriptor
        self.handle = handle
    }

    deinit {
        dnnl_primitive_destroy(handle)
        dnnl_primitive_desc_destroy(descriptor)
    }

    /// The layout the primitive chose for `argument` (empty when it takes none).
    public func descriptor(of argument: Argument) -> DNNLMemoryDescriptor {
        guard let md = dnnl_primitive_desc_query_md(descriptor, argument.query.0, argument.query.1) else {
            return DNNLMemoryDescriptor(raw: dnnl_memory_desc_t())
        }
        return DNNLMemoryDescriptor(raw: md.pointee)
    }

    /// The name of the oneDNN kernel the primitive runs (`jit_wino_4x3:avx512_core`,
    /// `brgconv:avx512_core`): what `ONEDNN_VERBOSE` prints, for tests and diagnostics.
    public var implementation: String {
        var name: UnsafePointer<CChar>?
        guard dnnl_primitive_desc_query(descriptor, dnnl_query_impl_info_str, 0, &name) == dnnl_success, let name
        else { return "" }
        return String(cString: name)
    }

    /// Runs the primitive on `arguments` on the shared engine.
    /// - Throws: `TensorError.dnnlFailure` naming the primitive.
    public func execute(_ arguments: [Argument: DNNLMemory]) throws {
        try DNNLEngine.shared().execute(self, arguments)
    }
}

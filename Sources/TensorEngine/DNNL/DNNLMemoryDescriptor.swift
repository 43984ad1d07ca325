import CDNNL

/// The element types AIRS hands to oneDNN.
public enum DNNLDataType: Hashable, Sendable {
    /// IEEE single precision.
    case f32
    /// bfloat16: fp32's exponent, an 8-bit mantissa.
    case bf16

    var raw: dnnl_data_type_t { self == .f32 ? dnnl_f32 : dnnl_bf16 }
    /// Bytes per element.
    public var byteCount: Int { self == .f32 ? 4 : 2 }
}

/// A oneDNN memory descriptor: dimensions, element type and layout.
///
/// `.plain` is row-major in the logical order (`nc`, `nchw`, `oihw`, `goihw`: AIRS's own
/// layout); `.channelsLast` puts the channels innermost (`nhwc`, `ohwi`); `.any` lets a
/// primitive choose (usually a blocked layout such as `nChw16c`), and descriptors queried
/// from a primitive carry the layout it chose. Equal descriptors describe the same bytes, so
/// they key the primitive cache.
public struct DNNLMemoryDescriptor: Hashable, @unchecked Sendable {
    /// How the elements are laid out.
    public enum Layout: Hashable, Sendable {
        /// Row-major in logical dimension order.
        case plain
        /// Chosen by the primitive that receives the descriptor.
        case any
        /// Rank 4 with the second dimension innermost: `nhwc` activations, `ohwi` weights.
        case channelsLast
    }

    var raw: dnnl_memory_desc_t

    /// A descriptor of `shape` (rank 1–5) in `dataType` and `layout`.
    /// - Throws: `TensorError.invalidArgument` for other ranks; `dnnlFailure` if oneDNN refuses.
    public init(shape: [Int], dataType: DNNLDataType, layout: Layout) throws {
        let plainTags = [dnnl_a, dnnl_ab, dnnl_abc, dnnl_abcd, dnnl_abcde]
        guard (1...plainTags.count).contains(shape.count), layout != .channelsLast || shape.count == 4 else {
            throw TensorError.invalidArgument(
                op: "DNNLMemoryDescriptor",
                message: "rank \(shape.count) is not supported (use 1 to 5 dimensions, 4 for channels-last)")
        }
        var raw = dnnl_memory_desc_t()
        var dims = dnnl_dims_t(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &dims) { bytes in
            for (i, size) in shape.enumerated() {
                bytes.storeBytes(of: Int64(size), toByteOffset: i * 8, as: Int64.self)
            }
        }
        let tag: dnnl_format_tag_t
        switch layout {
        case .plain: tag = plainTags[shape.count - 1]
        case .any: tag = dnnl_format_tag_any
        case .channelsLast: tag = dnnl_acdb
        }
        let status = withUnsafePointer(to: &dims) {
            $0.withMemoryRebound(to: Int64.self, capacity: 12) {
                dnnl_memory_desc_init_by_tag(&raw, Int32(shape.count), $0, dataType.raw, tag)
            }
        }
        try check(status, "memory descriptor \(shape)")
        self.raw = raw
    }

    init(raw: dnnl_memory_desc_t) { self.raw = raw }

    /// The logical dimensions.
    public var shape: [Int] {
        withUnsafeBytes(of: raw.dims) { bytes in
            (0..<Int(raw.ndims)).map { Int(bytes.load(fromByteOffset: $0 * 8, as: Int64.self)) }
        }
    }

    /// The element type.
    public var dataType: DNNLDataType { raw.data_type == dnnl_bf16 ? .bf16 : .f32 }

    /// The bytes a memory of this descriptor occupies (blocked layouts pad channels).
    public var byteCount: Int {
        withUnsafePointer(to: raw) { Int(dnnl_memory_desc_get_size($0)) }
    }

    /// Whether nothing is described (a primitive's answer for an argument it does not take).
    public var isEmpty: Bool { raw.ndims == 0 }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        withUnsafePointer(to: lhs.raw) { l in withUnsafePointer(to: rhs.raw) { r in dnnl_memory_desc_equal(l, r) != 0 }
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(shape)
        hasher.combine(raw.data_type.rawValue)
        hasher.combine(raw.format_kind.rawValue)
    }
}

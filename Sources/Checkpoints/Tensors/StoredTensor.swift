import TensorEngine

/// A tensor as files hold it: a dtype, a shape and the row-major elements as raw little-endian
/// bytes. Any dtype a checkpoint can contain fits; `tensor()` and `integers()` convert to
/// what the rest of AIRS computes with.
public struct StoredTensor: Sendable, Equatable {
    /// The element type.
    public let dtype: StoredDType
    /// Size of each dimension, outermost first; `[]` for a scalar.
    public let shape: [Int]
    /// `count × dtype.byteCount` bytes, row-major, little-endian.
    public let bytes: [UInt8]

    /// A tensor over `bytes`, which must hold exactly `shape`'s element count.
    public init(dtype: StoredDType, shape: [Int], bytes: [UInt8]) throws {
        guard let expected = StoredTensor.checkedByteCount(shape, dtype) else {
            throw CheckpointError.conversion(key: "(unnamed)", detail: "invalid shape \(shape)")
        }
        guard bytes.count == expected else {
            throw CheckpointError.conversion(
                key: "(unnamed)",
                detail: "shape \(shape) of \(dtype.rawValue) needs \(expected) bytes but \(bytes.count) were given")
        }
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// Builds without checking; callers have validated the byte count.
    init(unchecked dtype: StoredDType, shape: [Int], bytes: [UInt8]) {
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// Number of elements (1 for a scalar).
    public var count: Int { StoredTensor.elementCount(shape) }

    static func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Bytes a tensor of `shape` and `dtype` occupies, or `nil` if a dimension is negative or
    /// the size overflows (a damaged or hostile header).
    static func checkedByteCount(_ shape: [Int], _ dtype: StoredDType) -> Int? {
        var total = dtype.byteCount
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// Element `index` (row-major) as a `Double`, whatever the dtype.
    public func element(at index: Int) -> Double {
        // Files are little-endian; AIRS runs on little-endian hosts (x86-64, arm64).
        bytes.withUnsafeBytes { raw in
            let offset = index * dtype.byteCount
            switch dtype {
            case .float32: return Double(raw.loadUnaligned(fromByteOffset: offset, as: Float.self))
            case .float64: return raw.loadUnaligned(fromByteOffset: offset, as: Double.self)
            case .float16:
                return Double(HalfPrecision.float(fromHalf: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
            case .bfloat16:
                return Double(
                    HalfPrecision.float(fromBFloat16: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
            case .int64: return Double(raw.loadUnaligned(fromByteOffset: offset, as: Int64.self))
            case .int32: return Double(raw.loadUnaligned(fromByteOffset: offset, as: Int32.self))
            case .int16: return Double(raw.loadUnaligned(fromByteOffset: offset, as: Int16.self))
            case .int8: return Double(Int8(bitPattern: raw[offset]))
            case .uint8: return Double(raw[offset])
            case .bool: return raw[offset] != 0 ? 1 : 0
            }
        }
    }

    /// Every element as a `Double`, row-major (integers above 2^53 lose precision).
    public func doubles() -> [Double] { (0..<count).map(element(at:)) }
}

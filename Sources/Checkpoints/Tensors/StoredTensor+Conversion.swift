import TensorEngine

extension StoredTensor {
    /// The elements of a float32 or float64 `tensor`, in its own dtype.
    public init(_ tensor: Tensor) {
        let dtype: StoredDType = tensor.dtype == .float32 ? .float32 : .float64
        self.init(unchecked: dtype, shape: tensor.shape, bytes: tensor.withUnsafeElementBytes { Array($0) })
    }

    /// The elements of `tensor` converted to the floating-point `dtype` (F16 and BF16 round to
    /// nearest even).
    public init(_ tensor: Tensor, as dtype: StoredDType) throws {
        switch dtype {
        case .float32, .float64:
            let stored = StoredTensor(tensor.cast(to: dtype == .float32 ? .float32 : .float64))
            self = stored
        case .float16, .bfloat16:
            let bits = tensor.scalars.map {
                dtype == .float16 ? HalfPrecision.halfBits(from: $0) : HalfPrecision.bfloat16Bits(from: $0)
            }
            self.init(unchecked: dtype, shape: tensor.shape, bytes: bits.withUnsafeBytes { Array($0) })
        default:
            throw CheckpointError.conversion(
                key: "(unnamed)", detail: "a Tensor converts only to a floating-point dtype, not \(dtype.rawValue)")
        }
    }

    /// An integer or bool tensor holding `integers` (row-major) in `dtype`.
    public init(integers: [Int], shape: [Int], dtype: StoredDType = .int64) throws {
        guard !dtype.isFloatingPoint else {
            throw CheckpointError.conversion(key: "(unnamed)", detail: "\(dtype.rawValue) is not an integer dtype")
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(integers.count * dtype.byteCount)
        for value in integers {
            switch dtype {
            case .int64: withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 }
            case .int32: withUnsafeBytes(of: Int32(truncatingIfNeeded: value).littleEndian) { bytes += $0 }
            case .int16: withUnsafeBytes(of: Int16(truncatingIfNeeded: value).littleEndian) { bytes += $0 }
            case .int8, .uint8: bytes.append(UInt8(truncatingIfNeeded: value))
            default: bytes.append(value != 0 ? 1 : 0)
            }
        }
        try self.init(dtype: dtype, shape: shape, bytes: bytes)
    }

    /// The elements as a `Tensor`: F32, F16 and BF16 become float32, F64 stays float64.
    /// Integer and bool tensors are refused (`integers()` and `floatTensor()` read them).
    public func tensor() throws -> Tensor {
        guard dtype.isFloatingPoint else {
            throw CheckpointError.conversion(
                key: "(unnamed)",
                detail: "\(dtype.rawValue) holds integers, not floating-point numbers")
        }
        return try floatTensor()
    }

    /// The elements as a `Tensor` whatever the dtype: F64 becomes float64, everything else
    /// float32 (integers convert numerically, bools to 0 and 1).
    public func floatTensor() throws -> Tensor {
        let n = count
        switch dtype {
        case .float64:
            return Tensor.makeDoubles(shape) { out in
                bytes.withUnsafeBytes { raw in
                    for i in 0..<n { out[i] = raw.loadUnaligned(fromByteOffset: i * 8, as: Double.self) }
                }
            }
        case .float32:
            return Tensor.makeFloats(shape) { out in
                bytes.withUnsafeBytes { raw in
                    if n > 0 {
                        out.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: n * 4) {
                            $0.update(from: raw.bindMemory(to: UInt8.self).baseAddress!, count: n * 4)
                        }
                    }
                }
            }
        case .float16, .bfloat16:
            let half = dtype == .float16
            return Tensor.makeFloats(shape) { out in
                bytes.withUnsafeBytes { raw in
                    for i in 0..<n {
                        let bits = raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)
                        out[i] = half ? HalfPrecision.float(fromHalf: bits) : HalfPrecision.float(fromBFloat16: bits)
                    }
                }
            }
        default:
            return Tensor.makeFloats(shape) { out in for i in 0..<n { out[i] = Float(element(at: i)) } }
        }
    }

    /// The elements of an integer or bool tensor as `Int`s, row-major.
    public func integers() throws -> [Int] {
        guard !dtype.isFloatingPoint else {
            throw CheckpointError.conversion(
                key: "(unnamed)",
                detail: "\(dtype.rawValue) holds floating-point numbers, not integers")
        }
        if dtype == .int64 {
            return bytes.withUnsafeBytes { raw in
                (0..<count).map { Int(raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
            }
        }
        return (0..<count).map { Int(element(at: $0)) }
    }
}

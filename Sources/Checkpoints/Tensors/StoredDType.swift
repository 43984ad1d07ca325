/// The element type of a tensor as files store it. Raw values are safetensors' spellings.
public enum StoredDType: String, Sendable, CaseIterable, Equatable {
    case float32 = "F32"
    case float64 = "F64"
    case float16 = "F16"
    case bfloat16 = "BF16"
    case int64 = "I64"
    case int32 = "I32"
    case int16 = "I16"
    case int8 = "I8"
    case uint8 = "U8"
    case bool = "BOOL"

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .float64, .int64: return 8
        case .float32, .int32: return 4
        case .float16, .bfloat16, .int16: return 2
        case .int8, .uint8, .bool: return 1
        }
    }

    /// Whether elements are floating-point numbers (convertible to a `Tensor`).
    public var isFloatingPoint: Bool {
        switch self {
        case .float32, .float64, .float16, .bfloat16: return true
        default: return false
        }
    }

    /// The PyTorch legacy storage class holding this dtype (`FloatStorage` for float32, …).
    public var torchStorageName: String {
        switch self {
        case .float32: return "FloatStorage"
        case .float64: return "DoubleStorage"
        case .float16: return "HalfStorage"
        case .bfloat16: return "BFloat16Storage"
        case .int64: return "LongStorage"
        case .int32: return "IntStorage"
        case .int16: return "ShortStorage"
        case .int8: return "CharStorage"
        case .uint8: return "ByteStorage"
        case .bool: return "BoolStorage"
        }
    }

    /// The dtype a PyTorch storage class name stands for, or `nil` for an unknown name.
    public init?(torchStorageName name: String) {
        guard let match = StoredDType.allCases.first(where: { $0.torchStorageName == name }) else { return nil }
        self = match
    }

    /// NumPy's little-endian type string (`<f4`, `|b1`, …); bfloat16 has none.
    public var numpyDescriptor: String? {
        switch self {
        case .float32: return "<f4"
        case .float64: return "<f8"
        case .float16: return "<f2"
        case .bfloat16: return nil
        case .int64: return "<i8"
        case .int32: return "<i4"
        case .int16: return "<i2"
        case .int8: return "|i1"
        case .uint8: return "|u1"
        case .bool: return "|b1"
        }
    }

    /// The dtype of a NumPy type string; `<` and `|` (and `=` on little-endian hosts) are accepted.
    public init?(numpyDescriptor descriptor: String) {
        var body = descriptor
        if let first = body.first, "<|=".contains(first) { body.removeFirst() }
        guard let match = StoredDType.allCases.first(where: { $0.numpyDescriptor?.dropFirst() == Substring(body) })
        else { return nil }
        self = match
    }
}

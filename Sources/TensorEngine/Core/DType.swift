import Foundation

/// The element type of a tensor. Float32 is the working precision; float64 is there for the
/// losses that upstream computes in double (CSD, ROP, D3 similarities).
public enum DType: String, Sendable, CaseIterable {
    /// 32-bit IEEE floats, the working precision.
    case float32
    /// 64-bit IEEE floats.
    case float64

    /// Bytes per element.
    public var byteCount: Int { self == .float32 ? 4 : 8 }
}

/// The element types a tensor can hold, with the math the kernels need.
public protocol TensorScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable
where Self.RawSignificand: FixedWidthInteger {
    /// The dtype tensors of this element type have.
    static var dtype: DType { get }
    /// `e^x`.
    static func exp(_ x: Self) -> Self
    /// The natural logarithm.
    static func log(_ x: Self) -> Self
    /// `log(1 + x)`, accurate near 0.
    static func log1p(_ x: Self) -> Self
    /// The hyperbolic tangent.
    static func tanh(_ x: Self) -> Self
    /// The error function (GELU's exact form needs it).
    static func erf(_ x: Self) -> Self
    /// `x` to the power `y`.
    static func pow(_ x: Self, _ y: Self) -> Self
    /// Rounds a `Double` to this type.
    init(_ value: Double)
    /// The value as a `Double` (exact for both types).
    var asDouble: Double { get }
}

extension Float: TensorScalar {
    /// `.float32`.
    public static var dtype: DType { .float32 }
    /// Foundation's `expf`.
    @inline(__always) public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    /// Foundation's `logf`.
    @inline(__always) public static func log(_ x: Float) -> Float { Foundation.log(x) }
    /// Foundation's `log1pf`.
    @inline(__always) public static func log1p(_ x: Float) -> Float { Foundation.log1p(x) }
    /// Foundation's `tanhf`.
    @inline(__always) public static func tanh(_ x: Float) -> Float { Foundation.tanh(x) }
    /// Foundation's `erff`.
    @inline(__always) public static func erf(_ x: Float) -> Float { Foundation.erf(x) }
    /// Foundation's `powf`.
    @inline(__always) public static func pow(_ x: Float, _ y: Float) -> Float { Foundation.pow(x, y) }
    /// The value widened to `Double` (exact).
    @inline(__always) public var asDouble: Double { Double(self) }
}

extension Double: TensorScalar {
    /// `.float64`.
    public static var dtype: DType { .float64 }
    /// Foundation's `exp`.
    @inline(__always) public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    /// Foundation's `log`.
    @inline(__always) public static func log(_ x: Double) -> Double { Foundation.log(x) }
    /// Foundation's `log1p`.
    @inline(__always) public static func log1p(_ x: Double) -> Double { Foundation.log1p(x) }
    /// Foundation's `tanh`.
    @inline(__always) public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    /// Foundation's `erf`.
    @inline(__always) public static func erf(_ x: Double) -> Double { Foundation.erf(x) }
    /// Foundation's `pow`.
    @inline(__always) public static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
    /// The value itself.
    @inline(__always) public var asDouble: Double { self }
}

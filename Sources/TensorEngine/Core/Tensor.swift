/// An n-dimensional array of `float32` or `float64` elements, possibly a strided view of
/// shared storage, that records the operations applied to it when a gradient is wanted.
///
/// A `Tensor` is a value: operations return new tensors and never write into their operands.
/// Views (`transposed`, `permuted`, slices, `expanded`) share storage and cost nothing;
/// kernels that need row-major data call `contiguous()`, which copies only when necessary.
public struct Tensor: @unchecked Sendable {
    /// Size of each dimension, outermost first; `[]` for a scalar.
    public let shape: [Int]
    /// Element step of each dimension in `storage` (0 for a broadcast dimension).
    public let strides: [Int]
    /// Index of the first element in `storage`.
    public let offset: Int
    /// The elements this tensor views.
    public internal(set) var storage: TensorStorage
    /// The autograd record: set for tensors that require a gradient.
    var node: GradNode?

    init(storage: TensorStorage, shape: [Int], strides: [Int], offset: Int = 0, node: GradNode? = nil) {
        self.storage = storage
        self.shape = shape
        self.strides = strides
        self.offset = offset
        self.node = node
    }

    /// A contiguous tensor over freshly allocated storage.
    init(storage: TensorStorage, shape: [Int]) {
        self.init(storage: storage, shape: shape, strides: Shape.contiguousStrides(shape))
    }

    /// The element type of the storage.
    public var dtype: DType { storage.dtype }
    /// The number of dimensions (0 for a scalar).
    public var rank: Int { shape.count }
    /// The number of elements: the product of `shape` (1 for a scalar).
    public var count: Int { Shape.count(shape) }

    /// Whether the elements are laid out row-major without gaps from `offset`.
    public var isContiguous: Bool { strides == Shape.contiguousStrides(shape) || count <= 1 }
}

// MARK: - Creation

extension Tensor {
    /// A float32 tensor holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Float]) throws {
        try self.init(shape: shape, elements: scalars)
    }

    /// A float64 tensor holding `doubles` in row-major order.
    public init(shape: [Int], doubles: [Double]) throws {
        try self.init(shape: shape, elements: doubles)
    }

    init<T: TensorScalar>(shape: [Int], elements: [T]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.invalidArgument(op: "Tensor(shape:scalars:)", message: "negative dimension in \(shape)")
        }
        guard Shape.count(shape) == elements.count else {
            throw TensorError.invalidArgument(
                op: "Tensor(shape:scalars:)",
                message: "shape \(shape) holds \(Shape.count(shape)) elements but \(elements.count) were given")
        }
        let storage = TensorStorage(uninitializedCount: elements.count, dtype: T.dtype)
        elements.withUnsafeBufferPointer { source in
            storage.pointer(as: T.self).update(from: source.baseAddress!, count: elements.count)
        }
        self.init(storage: storage, shape: shape)
    }

    /// A float32 scalar (rank 0).
    public init(_ value: Float) { try! self.init(shape: [], elements: [value]) }

    /// A float64 scalar (rank 0).
    public init(_ value: Double) { try! self.init(shape: [], elements: [value]) }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) -> Tensor {
        Tensor(storage: TensorStorage(zeros: Shape.count(shape), dtype: dtype), shape: shape)
    }

    /// A tensor with every element equal to `value`.
    public static func full(_ shape: [Int], value: Double, dtype: DType = .float32) -> Tensor {
        dtype.dispatch(Filled(shape: shape, value: value))
    }

    /// A tensor of ones.
    public static func ones(_ shape: [Int], dtype: DType = .float32) -> Tensor {
        full(shape, value: 1, dtype: dtype)
    }

    /// `[0, 1, …, count − 1]`.
    public static func arange(_ count: Int, dtype: DType = .float32) -> Tensor {
        dtype.dispatch(Counting(count: count))
    }

    /// The identity matrix `[n, n]`.
    public static func eye(_ n: Int, dtype: DType = .float32) -> Tensor {
        let result = Tensor.zeros([n, n], dtype: dtype)
        for i in 0..<n { result.setElement(at: i * n + i, to: 1) }
        return result
    }

    /// Uninitialised contiguous storage; the calling kernel writes every element.
    static func empty(_ shape: [Int], dtype: DType) -> Tensor {
        Tensor(storage: TensorStorage(uninitializedCount: Shape.count(shape), dtype: dtype), shape: shape)
    }

    /// Writes one element of a freshly created contiguous tensor (used by creation helpers).
    func setElement(at index: Int, to value: Double) {
        dtype.dispatch(ElementWrite(tensor: self, index: index, value: value))
    }
}

// MARK: - Reading elements

extension Tensor {
    /// Pointer to the first element of a contiguous tensor. Kernels only.
    @inline(__always)
    func pointer<T: TensorScalar>(_: T.Type) -> UnsafePointer<T> {
        UnsafePointer(storage.pointer(as: T.self) + offset)
    }

    @inline(__always)
    func mutablePointer<T: TensorScalar>(_: T.Type) -> UnsafeMutablePointer<T> {
        storage.pointer(as: T.self) + offset
    }

    /// The elements in row-major order, converted to `Float`.
    public var scalars: [Float] {
        let c = contiguous()
        switch dtype {
        case .float32: return Array(UnsafeBufferPointer(start: c.pointer(Float.self), count: count))
        case .float64: return UnsafeBufferPointer(start: c.pointer(Double.self), count: count).map { Float($0) }
        }
    }

    /// The elements in row-major order, converted to `Double`.
    public var doubles: [Double] {
        let c = contiguous()
        switch dtype {
        case .float32: return UnsafeBufferPointer(start: c.pointer(Float.self), count: count).map { Double($0) }
        case .float64: return Array(UnsafeBufferPointer(start: c.pointer(Double.self), count: count))
        }
    }

    /// The single element of a one-element tensor.
    public func item() throws -> Double {
        guard count == 1 else {
            throw TensorError.invalidArgument(
                op: "item", message: "tensor of shape \(shape) has \(count) elements, not 1")
        }
        return doubles[0]
    }

    /// Calls `body` with the row-major elements as `T` (copying only if not contiguous); throws
    /// when the tensor's dtype is not `T.dtype`.
    public func withUnsafeElements<T: TensorScalar, R>(
        as _: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R
    ) throws -> R {
        guard dtype == T.dtype else {
            throw TensorError.dtypeMismatch(op: "withUnsafeElements(as: \(T.self))", lhs: dtype, rhs: T.dtype)
        }
        let c = contiguous()
        return try withExtendedLifetime(c) { try body(UnsafeBufferPointer(start: c.pointer(T.self), count: count)) }
    }

    /// Calls `body` with the row-major float32 elements (copying only if not contiguous).
    public func withUnsafeFloats<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) throws -> R {
        try withUnsafeElements(as: Float.self, body)
    }

    /// Calls `body` with the row-major float64 elements (copying only if not contiguous).
    public func withUnsafeDoubles<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) throws -> R {
        try withUnsafeElements(as: Double.self, body)
    }

    /// A tensor of `shape` and `T.dtype` whose elements `body` writes through the pointer it is given.
    public static func make<T: TensorScalar>(
        _ shape: [Int], of _: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> Void
    ) rethrows -> Tensor {
        let result = Tensor.empty(shape, dtype: T.dtype)
        try body(UnsafeMutableBufferPointer(start: result.mutablePointer(T.self), count: result.count))
        return result
    }

    /// Calls `body` with the bytes of the row-major elements in the tensor's own dtype (copying
    /// only if not contiguous).
    public func withUnsafeElementBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let c = contiguous()
        return try withExtendedLifetime(c) {
            try body(
                UnsafeRawBufferPointer(
                    start: c.storage.raw + c.offset * dtype.byteCount, count: count * dtype.byteCount))
        }
    }

    /// A float32 tensor of `shape` whose elements `body` writes through the pointer it is given.
    public static func makeFloats(_ shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) throws -> Void) rethrows
        -> Tensor
    {
        try make(shape, of: Float.self, body)
    }

    /// A float64 tensor of `shape` whose elements `body` writes through the pointer it is given.
    public static func makeDoubles(_ shape: [Int], _ body: (UnsafeMutableBufferPointer<Double>) throws -> Void) rethrows
        -> Tensor
    {
        try make(shape, of: Double.self, body)
    }
}

/// A contiguous tensor of `shape` with every element `value`, rounded to the element type.
private struct Filled: ElementTypeGeneric {
    let shape: [Int]
    let value: Double

    func callAsFunction<T: TensorScalar>(_: T.Type) -> Tensor {
        let result = Tensor.empty(shape, dtype: T.dtype)
        result.mutablePointer(T.self).update(repeating: T(value), count: result.count)
        return result
    }
}

/// `[0, 1, …, count − 1]`.
private struct Counting: ElementTypeGeneric {
    let count: Int

    func callAsFunction<T: TensorScalar>(_: T.Type) -> Tensor {
        let result = Tensor.empty([count], dtype: T.dtype)
        let out = result.mutablePointer(T.self)
        for i in 0..<count { out[i] = T(i) }
        return result
    }
}

/// Writes one element of a contiguous tensor, rounded to its element type.
private struct ElementWrite: ElementTypeGeneric {
    let tensor: Tensor
    let index: Int
    let value: Double

    func callAsFunction<T: TensorScalar>(_: T.Type) {
        tensor.mutablePointer(T.self)[index] = T(value)
    }
}

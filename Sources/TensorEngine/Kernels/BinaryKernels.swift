/// An elementwise binary operation given as a type, so that a kernel specialised on it has the
/// operation compiled into its loops. A closure would not be: the loops run inside
/// `concurrentPerform`, where a captured function value costs an indirect call per element and
/// blocks vectorisation.
protocol BinaryOperator {
    static func apply<T: TensorScalar>(_ a: T, _ b: T) -> T
}

enum AddOperator: BinaryOperator {
    @inline(__always) static func apply<T: TensorScalar>(_ a: T, _ b: T) -> T { a + b }
}

enum SubtractOperator: BinaryOperator {
    @inline(__always) static func apply<T: TensorScalar>(_ a: T, _ b: T) -> T { a - b }
}

enum MultiplyOperator: BinaryOperator {
    @inline(__always) static func apply<T: TensorScalar>(_ a: T, _ b: T) -> T { a * b }
}

enum DivideOperator: BinaryOperator {
    @inline(__always) static func apply<T: TensorScalar>(_ a: T, _ b: T) -> T { a / b }
}

enum MaximumOperator: BinaryOperator {
    @inline(__always) static func apply<T: TensorScalar>(_ a: T, _ b: T) -> T { Swift.max(a, b) }
}

enum MinimumOperator: BinaryOperator {
    @inline(__always) static func apply<T: TensorScalar>(_ a: T, _ b: T) -> T { Swift.min(a, b) }
}

/// `out[i] = Op(x[i·xStep], y[i·yStep])` for `count` elements. The steps 1/1, 1/0 and 0/1
/// (same layout, right or left operand repeated) get loops of their own that vectorise.
@inline(__always)
func binaryRun<Op: BinaryOperator, T: TensorScalar>(
    _: Op.Type, _ x: UnsafePointer<T>, _ xStep: Int, _ y: UnsafePointer<T>, _ yStep: Int,
    _ out: UnsafeMutablePointer<T>, count: Int
) {
    if xStep == 1 && yStep == 1 {
        for i in 0..<count { out[i] = Op.apply(x[i], y[i]) }
    } else if xStep == 1 && yStep == 0 {
        let b = y[0]
        for i in 0..<count { out[i] = Op.apply(x[i], b) }
    } else if xStep == 0 && yStep == 1 {
        let a = x[0]
        for i in 0..<count { out[i] = Op.apply(a, y[i]) }
    } else {
        for i in 0..<count { out[i] = Op.apply(x[i * xStep], y[i * yStep]) }
    }
}

extension Tensor {
    /// `Op(a, b)` over the broadcast of two operands of the same dtype, into a new contiguous
    /// tensor.
    static func elementwise<Op: BinaryOperator>(
        _: Op.Type, _ a: Tensor, _ b: Tensor, op: String
    ) throws -> Tensor {
        try a.dtype.dispatch(BroadcastOperation<Op>(lhs: a, rhs: b, op: op))
    }

    /// `Op(a, b)` over the broadcast of two operands of dtype `T`, into a new contiguous tensor.
    ///
    /// Operands that are contiguous with the result's element count, or single elements (a
    /// scalar, a `[1]`), take one flat loop split across the workers; any other layout is walked
    /// row by row after merging the dimensions both operands traverse alike, so that a
    /// per-channel operand (`[C, 1, 1]` against `[N, C, H, W]`) repeats one element per row.
    static func elementwise<Op: BinaryOperator, T: TensorScalar>(
        _: Op.Type, _ a: Tensor, _ b: Tensor, _: T.Type, op: String
    ) throws -> Tensor {
        let shape = try Shape.broadcast(a.shape, b.shape, op: op)
        let result = Tensor.empty(shape, dtype: a.dtype)
        let out = result.mutablePointer(T.self)
        let count = result.count
        let flatA = a.isContiguous && (a.count == count || a.count == 1)
        let flatB = b.isContiguous && (b.count == count || b.count == 1)
        if flatA && flatB {
            let x = a.pointer(T.self)
            let y = b.pointer(T.self)
            let xStep = a.count == count ? 1 : 0
            let yStep = b.count == count ? 1 : 0
            withExtendedLifetime((a, b)) {
                parallelChunks(count) { start, end in
                    binaryRun(
                        Op.self, x + start * xStep, xStep, y + start * yStep, yStep, out + start, count: end - start)
                }
            }
            return result
        }
        let va = a.broadcastView(to: shape)
        let vb = b.broadcastView(to: shape)
        let x = UnsafePointer(a.storage.pointer(as: T.self))
        let y = UnsafePointer(b.storage.pointer(as: T.self))
        let merged = coalesced(shape: shape, va.strides, vb.strides)
        let length = merged.shape.last ?? 1
        let rows = length == 0 ? 0 : count / length
        withExtendedLifetime((a, b)) {
            parallelRanges(rows, work: count) { range in
                forEachRow(
                    shape: merged.shape, stridesA: merged.a, offsetA: va.offset, stridesB: merged.b, offsetB: vb.offset,
                    rows: range
                ) {
                    row, ia, ib, length, sa, sb in
                    binaryRun(Op.self, x + ia, sa, y + ib, sb, out + row * length, count: length)
                }
            }
        }
        return result
    }
}

/// `Tensor.elementwise` in the element type `DType.dispatch` picks.
private struct BroadcastOperation<Op: BinaryOperator>: ElementTypeGeneric {
    let lhs, rhs: Tensor
    let op: String

    func callAsFunction<T: TensorScalar>(_: T.Type) throws -> Tensor {
        try Tensor.elementwise(Op.self, lhs, rhs, T.self, op: op)
    }
}

/// An elementwise function given as a type (see `BinaryOperator`).
protocol UnaryOperator {
    static func apply<T: TensorScalar>(_ x: T) -> T
}

/// `max(x, 0)`, NaN kept (as `Swift.max(x, 0)` and PyTorch).
enum ReLUOperator: UnaryOperator {
    @inline(__always) static func apply<T: TensorScalar>(_ x: T) -> T { 0 >= x ? 0 : x }
}

/// ReLU's input gradient from its output: `dx[i] = y[i] > 0 ? dy[i] : 0` (PyTorch's
/// `threshold_backward`, which selects rather than multiplies by a mask).
func reluBackward<T: TensorScalar>(
    _ y: UnsafePointer<T>, _ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, count: Int
) {
    parallelChunks(count) { start, end in
        // Both loads unconditional, so that the select vectorises.
        for i in start..<end {
            let g = dy[i]
            let v = y[i]
            dx[i] = v > 0 ? g : 0
        }
    }
}

extension Tensor {
    /// `Op(x)` for every element (any layout), into a new contiguous tensor; no gradient recorded.
    func mapped<Op: UnaryOperator>(_: Op.Type) -> Tensor {
        dtype.dispatch(UnaryMap<Op>(input: detached().contiguous()))
    }

    /// The gradient of `relu` at the input whose ReLU is `output`, this tensor being the
    /// output's gradient.
    func reluGradient(output: Tensor) -> Tensor {
        dtype.dispatch(ReLUGradient(output: output.contiguous(), outputGradient: contiguous()))
    }
}

/// `Op(x)` for every element of a contiguous tensor, into a new one.
private struct UnaryMap<Op: UnaryOperator>: ElementTypeGeneric {
    let input: Tensor

    func callAsFunction<T: TensorScalar>(_: T.Type) -> Tensor {
        let result = Tensor.empty(input.shape, dtype: input.dtype)
        let x = input.pointer(T.self)
        let out = result.mutablePointer(T.self)
        parallelChunks(input.count) { start, end in
            for i in start..<end { out[i] = Op.apply(x[i]) }
        }
        return result
    }
}

/// ReLU's input gradient from its contiguous output and output gradient.
private struct ReLUGradient: ElementTypeGeneric {
    let output, outputGradient: Tensor

    func callAsFunction<T: TensorScalar>(_: T.Type) -> Tensor {
        let dx = Tensor.empty(output.shape, dtype: output.dtype)
        reluBackward(
            output.pointer(T.self), outputGradient.pointer(T.self), dx.mutablePointer(T.self),
            count: output.count)
        return dx
    }
}

import Dispatch
import Foundation

/// Below this many elements a parallel loop costs more than it saves (measured on the
/// 2-core machine: thread hand-off is ~10–20 µs).
let parallelElementThreshold = 1 << 18

/// Runs `body(start, end)` over `0..<count` split in contiguous chunks, in parallel when the
/// work is large enough to pay for it.
@inline(__always)
func parallelChunks(_ count: Int, minimum: Int = parallelElementThreshold, _ body: (Int, Int) -> Void) {
    let workers = count >= minimum ? Parallelism.threads : 1
    if workers == 1 {
        body(0, count)
        return
    }
    let chunk = (count + workers - 1) / workers
    concurrentPerform(iterations: workers) { worker in
        let start = worker * chunk
        body(start, min(count, start + chunk))
    }
}

/// `DispatchQueue.concurrentPerform` for kernels whose closures capture raw buffers. The
/// buffers are written at disjoint indices per iteration, which the compiler cannot see.
@inline(__always)
public func concurrentPerform(iterations: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { escapable in
        let box = UncheckedSendable(escapable)
        DispatchQueue.concurrentPerform(iterations: iterations) { box.value($0) }
    }
}

/// Wraps a value that is shared across kernel threads under a disjoint-access discipline.
public struct UncheckedSendable<Value>: @unchecked Sendable {
    /// The wrapped value; share it only under the disjoint-access discipline.
    public let value: Value
    /// Wraps `value`.
    public init(_ value: Value) { self.value = value }
}

/// How many cores the kernels may use (default: all available, at most the machine's count).
public enum Parallelism {
    nonisolated(unsafe) private static var configured: Int = 0

    /// The worker count the kernels use.
    public static var threads: Int {
        configured > 0 ? configured : ProcessInfo.processInfo.activeProcessorCount
    }

    /// Sets the worker count for the kernels and for OpenBLAS. Call before work starts.
    public static func setThreads(_ count: Int) {
        configured = max(1, count)
        BLAS.setThreads(configured)
    }
}

/// `out[i] = f(x[i])` over a contiguous input.
@inline(__always)
func mapKernel<T: TensorScalar>(_ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<T>, count: Int, _ f: (T) -> T) {
    parallelChunks(count) { start, end in
        for i in start..<end { out[i] = f(x[i]) }
    }
}

extension Tensor {
    /// Applies `f` to every element (any layout), returning a contiguous tensor.
    @inline(__always)
    func map<T: TensorScalar>(_: T.Type, _ f: (T) -> T) -> Tensor {
        let input = detached().contiguous()
        let result = Tensor.empty(shape, dtype: dtype)
        mapKernel(input.pointer(T.self), result.mutablePointer(T.self), count: count, f)
        return result
    }

    /// `f(a, b)` over the broadcast of two operands of the same dtype. Always inlined, so that
    /// each caller's `f` is compiled into the loops.
    @inline(__always)
    static func broadcastZip<T: TensorScalar>(_ a: Tensor, _ b: Tensor, _: T.Type, op: String, _ f: (T, T) -> T) throws
        -> Tensor
    {
        let shape = try Shape.broadcast(a.shape, b.shape, op: op)
        let result = Tensor.empty(shape, dtype: a.dtype)
        let out = result.mutablePointer(T.self)
        if a.shape == b.shape, a.isContiguous, b.isContiguous {
            let x = a.pointer(T.self)
            let y = b.pointer(T.self)
            parallelChunks(result.count) { start, end in
                for i in start..<end { out[i] = f(x[i], y[i]) }
            }
            return result
        }
        let va = a.broadcastView(to: shape)
        let vb = b.broadcastView(to: shape)
        let x = a.storage.pointer(as: T.self)
        let y = b.storage.pointer(as: T.self)
        let merged = coalesced(shape: shape, va.strides, vb.strides)
        forEachRow(shape: merged.shape, stridesA: merged.a, offsetA: va.offset, stridesB: merged.b, offsetB: vb.offset)
        {
            row, ia, ib, length, sa, sb in
            let o = out + row * length
            if sa == 1 && sb == 1 {
                for i in 0..<length { o[i] = f(x[ia + i], y[ib + i]) }
            } else if sa == 1 && sb == 0 {
                let yb = y[ib]
                for i in 0..<length { o[i] = f(x[ia + i], yb) }
            } else if sa == 0 && sb == 1 {
                let xa = x[ia]
                for i in 0..<length { o[i] = f(xa, y[ib + i]) }
            } else {
                for i in 0..<length { o[i] = f(x[ia + i * sa], y[ib + i * sb]) }
            }
        }
        return result
    }
}

/// Sizes of one 2-D convolution, NCHW input `[batch, inChannels, height, width]`, weight
/// `[outChannels, inChannels / groups, kernelHeight, kernelWidth]`.
struct ConvolutionGeometry: Sendable {
    let batch, inChannels, height, width: Int
    let outChannels, groups, kernelHeight, kernelWidth: Int
    let stride, padding, dilation: Int

    var outHeight: Int { (height + 2 * padding - dilation * (kernelHeight - 1) - 1) / stride + 1 }
    var outWidth: Int { (width + 2 * padding - dilation * (kernelWidth - 1) - 1) / stride + 1 }
    var inputPlane: Int { height * width }
    var outputPlane: Int { outHeight * outWidth }
    var groupInChannels: Int { inChannels / groups }
    var groupOutChannels: Int { outChannels / groups }
    /// Rows of one group's column matrix: the reduction length of its GEMM.
    var columnRows: Int { groupInChannels * kernelHeight * kernelWidth }
    var weightCount: Int { outChannels * columnRows }
    /// A 1x1, stride-1, unpadded convolution is a GEMM on the input itself.
    var isPointwise: Bool { kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padding == 0 }
    var isDepthwise: Bool { groupInChannels == 1 && groups > 1 }
    /// Stride-1 ungrouped convolutions run as one GEMM per tap on the padded input.
    var isShiftable: Bool { stride == 1 && groups == 1 && !isPointwise }
}

/// `C = op(A) · op(B) + beta · C` for either element type.
@inline(__always)
func gemm<T: TensorScalar>(
    transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
    a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int, beta: T, c: UnsafeMutablePointer<T>, ldc: Int
) {
    if T.self == Float.self {
        BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                  a: UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), lda: lda,
                  b: UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), ldb: ldb,
                  beta: Float(beta), c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc: ldc)
    } else {
        BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                  a: UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), lda: lda,
                  b: UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), ldb: ldb,
                  beta: Double(beta), c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), ldc: ldc)
    }
}

/// The output columns `[first, end)` whose input column `column · stride + shift` lies in
/// `0..<width`.
@inline(__always)
private func validColumns(shift: Int, stride: Int, width: Int, outWidth: Int) -> (Int, Int) {
    let first = shift >= 0 ? 0 : (-shift + stride - 1) / stride
    let end = width - 1 - shift >= 0 ? Swift.min(outWidth, (width - 1 - shift) / stride + 1) : 0
    return (Swift.min(first, outWidth), Swift.max(end, Swift.min(first, outWidth)))
}

/// Unfolds one sample `x [channels, height, width]` into `columns [channels·kh·kw, outH·outW]`,
/// row `(c·kh + i)·kw + j` holding input `(c, oh·s − p + i·d, ow·s − p + j·d)` (0 outside).
/// Every element is written, so the buffer needs no clearing.
func im2col<T: TensorScalar>(_ x: UnsafePointer<T>, _ columns: UnsafeMutablePointer<T>, channels: Range<Int>, _ g: ConvolutionGeometry) {
    let (outH, outW, s) = (g.outHeight, g.outWidth, g.stride)
    for c in channels {
        let plane = x + c * g.inputPlane
        for i in 0..<g.kernelHeight {
            for j in 0..<g.kernelWidth {
                let row = columns + ((c * g.kernelHeight + i) * g.kernelWidth + j) * outH * outW
                let shift = j * g.dilation - g.padding
                let (first, end) = validColumns(shift: shift, stride: s, width: g.width, outWidth: outW)
                for oh in 0..<outH {
                    let out = row + oh * outW
                    let ih = oh * s - g.padding + i * g.dilation
                    guard ih >= 0 && ih < g.height else { out.update(repeating: 0, count: outW); continue }
                    let source = plane + ih * g.width + shift
                    out.update(repeating: 0, count: first)
                    if s == 1 {
                        (out + first).update(from: source + first, count: end - first)
                    } else {
                        for ow in first..<end { out[ow] = source[ow * s] }
                    }
                    (out + end).update(repeating: 0, count: outW - end)
                }
            }
        }
    }
}

/// The adjoint of `im2col`: adds each column entry into the input element it was read from.
/// `x` must be cleared (or hold a gradient to add to) beforehand.
func col2im<T: TensorScalar>(_ columns: UnsafePointer<T>, _ x: UnsafeMutablePointer<T>, channels: Range<Int>, _ g: ConvolutionGeometry) {
    let (outH, outW, s) = (g.outHeight, g.outWidth, g.stride)
    for c in channels {
        let plane = x + c * g.inputPlane
        for i in 0..<g.kernelHeight {
            for j in 0..<g.kernelWidth {
                let row = columns + ((c * g.kernelHeight + i) * g.kernelWidth + j) * outH * outW
                let shift = j * g.dilation - g.padding
                let (first, end) = validColumns(shift: shift, stride: s, width: g.width, outWidth: outW)
                for oh in 0..<outH {
                    let ih = oh * s - g.padding + i * g.dilation
                    guard ih >= 0 && ih < g.height else { continue }
                    let source = row + oh * outW
                    let target = plane + ih * g.width + shift
                    if s == 1 {
                        for ow in first..<end { target[ow] += source[ow] }
                    } else {
                        for ow in first..<end { target[ow * s] += source[ow] }
                    }
                }
            }
        }
    }
}

/// Splits the batch over the kernel workers; each runs `body(worker, samples)` with BLAS on
/// one thread. With a single worker BLAS keeps every thread (one large GEMM per sample).
func forEachSampleChunk(batch: Int, _ body: (_ worker: Int, _ samples: Range<Int>) -> Void) -> Int {
    let workers = Swift.min(Parallelism.threads, batch)
    guard workers > 1 else { body(0, 0..<batch); return 1 }
    BLAS.setThreads(1)
    defer { BLAS.setThreads(Parallelism.threads) }
    let chunk = (batch + workers - 1) / workers
    concurrentPerform(iterations: workers) { worker in
        let start = Swift.min(batch, worker * chunk)
        body(worker, start..<Swift.min(batch, start + chunk))
    }
    return workers
}

/// `y = conv(x, w) + b`: per sample and group, `y_g [O/G, P] = w_g [O/G, K] · columns_g [K, P]`.
func conv2dForward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, bias: UnsafePointer<T>?,
    output y: UnsafeMutablePointer<T>, _ g: ConvolutionGeometry
) {
    let (plane, k, og) = (g.outputPlane, g.columnRows, g.groupOutChannels)
    let columnsCount = g.isPointwise ? 0 : g.inChannels * g.kernelHeight * g.kernelWidth * plane
    _ = forEachSampleChunk(batch: g.batch) { _, samples in
        let columns = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(columnsCount, 1))
        defer { columns.deallocate() }
        for n in samples {
            let xn = x + n * g.inChannels * g.inputPlane
            let yn = y + n * g.outChannels * plane
            if !g.isPointwise { im2col(xn, columns, channels: 0..<g.inChannels, g) }
            for group in 0..<g.groups {
                let b = g.isPointwise ? xn + group * g.groupInChannels * plane : UnsafePointer(columns + group * k * plane)
                gemm(m: og, n: plane, k: k, a: w + group * og * k, lda: k, b: b, ldb: plane,
                     beta: 0, c: yn + group * og * plane, ldc: plane)
            }
            if let bias {
                for o in 0..<g.outChannels {
                    let row = yn + o * plane, value = bias[o]
                    for p in 0..<plane { row[p] += value }
                }
            }
        }
    }
}

/// Gradients of `conv2dForward`; each output pointer is optional so unneeded work is skipped.
/// `dx` is written (not accumulated); `dw` and `db` are overwritten with the batch sums.
func conv2dBackward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, outputGradient dy: UnsafePointer<T>,
    inputGradient dx: UnsafeMutablePointer<T>?, weightGradient dw: UnsafeMutablePointer<T>?,
    biasGradient db: UnsafeMutablePointer<T>?, _ g: ConvolutionGeometry
) {
    let (plane, k, og) = (g.outputPlane, g.columnRows, g.groupOutChannels)
    let columnsCount = g.isPointwise ? 0 : g.inChannels * g.kernelHeight * g.kernelWidth * plane
    let workers = Swift.min(Parallelism.threads, Swift.max(g.batch, 1))
    // Worker 0 accumulates straight into `dw`; the others into private copies summed below.
    let partials = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(1, (workers - 1) * g.weightCount))
    defer { partials.deallocate() }
    if let dw {
        dw.update(repeating: 0, count: g.weightCount)
        partials.update(repeating: 0, count: (workers - 1) * g.weightCount)
    }
    let used = forEachSampleChunk(batch: g.batch) { worker, samples in
        let columns = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(columnsCount, 1))
        defer { columns.deallocate() }
        let dwLocal = worker == 0 ? dw : partials + (worker - 1) * g.weightCount
        for n in samples {
            let xn = x + n * g.inChannels * g.inputPlane
            let dyn = dy + n * g.outChannels * plane
            if let dwLocal {
                if !g.isPointwise { im2col(xn, columns, channels: 0..<g.inChannels, g) }
                for group in 0..<g.groups {
                    let b = g.isPointwise ? xn + group * g.groupInChannels * plane : UnsafePointer(columns + group * k * plane)
                    gemm(transposeB: true, m: og, n: k, k: plane, a: dyn + group * og * plane, lda: plane,
                         b: b, ldb: plane, beta: 1, c: dwLocal + group * og * k, ldc: k)
                }
            }
            if let dx {
                let dxn = dx + n * g.inChannels * g.inputPlane
                for group in 0..<g.groups {
                    let target = g.isPointwise ? dxn + group * g.groupInChannels * plane : columns + group * k * plane
                    gemm(transposeA: true, m: k, n: plane, k: og, a: w + group * og * k, lda: k,
                         b: dyn + group * og * plane, ldb: plane, beta: 0, c: target, ldc: plane)
                }
                if !g.isPointwise {
                    dxn.update(repeating: 0, count: g.inChannels * g.inputPlane)
                    col2im(columns, dxn, channels: 0..<g.inChannels, g)
                }
            }
        }
    }
    if let dw {
        for worker in 1..<Swift.max(used, 1) {
            let partial = partials + (worker - 1) * g.weightCount
            for i in 0..<g.weightCount { dw[i] += partial[i] }
        }
    }
    if let db {
        for o in 0..<g.outChannels {
            var total: T = 0
            for n in 0..<g.batch { total += sumKernel(dy + (n * g.outChannels + o) * plane, count: plane) }
            db[o] = total
        }
    }
}

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
    /// Stride 1 with the output the input's size: each im2col row is the input plane shifted.
    var keepsSize: Bool { stride == 1 && outHeight == height && outWidth == width }
    /// Stride-1 ungrouped convolutions on maps of 32x32 and up run as one GEMM per tap on the
    /// padded input. Measured (2 threads, batch 32, CPU time per thread): 56x56x64 140–149 ms
    /// shifted vs 178–196 ms im2col; but 8x8x256 62–74 vs 50–51 and 4x4x512 73–84 vs 44–50,
    /// where the junk rows and columns of padded small maps cost more than im2col.
    var isShiftable: Bool { stride == 1 && groups == 1 && !isPointwise && outputPlane >= 1024 }
    /// Training convolutions oneDNN runs faster: ungrouped ones but the stride-1 1x1, which are
    /// one GEMM on the input here and measured faster than oneDNN's reorders and calls
    /// (MobileNetV3-Small train step, 2 threads, CPU s: 0.095 all native, 0.135 all oneDNN).
    var runsOnDNNL: Bool { groups == 1 && !isPointwise }
}

/// `C = op(A) · op(B) + beta · C` for either element type.
@inline(__always)
func gemm<T: TensorScalar>(
    transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
    a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int, beta: T, c: UnsafeMutablePointer<T>, ldc: Int
) {
    if T.self == Float.self {
        BLAS.gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
            a: UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), lda: lda,
            b: UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), ldb: ldb,
            beta: Float(beta), c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc: ldc)
    } else {
        BLAS.gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
            a: UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), lda: lda,
            b: UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), ldb: ldb,
            beta: Double(beta), c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), ldc: ldc)
    }
}

/// Splits the batch over the kernel workers; each runs `body(worker, samples)` with BLAS on
/// one thread. With a single worker BLAS keeps every thread (one large GEMM per sample).
func forEachSampleChunk(batch: Int, _ body: (_ worker: Int, _ samples: Range<Int>) -> Void) -> Int {
    let workers = Swift.min(Parallelism.threads, batch)
    guard workers > 1 else {
        body(0, 0..<batch)
        return 1
    }
    let chunk = (batch + workers - 1) / workers
    BLAS.parallelSingleThreaded(workers: workers) { worker in
        let start = Swift.min(batch, worker * chunk)
        body(worker, start..<Swift.min(batch, start + chunk))
    }
    return workers
}

/// Samples whose column matrices sit side by side in one GEMM: enough for ~2K columns (a
/// 4x4 map alone gives a 16-column GEMM), capped so the column matrix stays near 1 MB, in L2
/// between im2col (or the dX GEMM) and the GEMM (or col2im) reading it back, but never below
/// 256 columns. Measured (`airs-bench conv`, batch 32, CPU ms per thread) against the former
/// 16 MB cap: 64 ch at 16x16 15–17 → 10–11, 128 at 8x8 17–21 → 12–16, 512 at 4x4 unchanged.
func samplesPerChunk(_ g: ConvolutionGeometry) -> Int {
    let workers = Swift.max(1, Swift.min(Parallelism.threads, g.batch))
    let perWorker = (g.batch + workers - 1) / workers
    let plane = Swift.max(g.outputPlane, 1)
    let cap = (1 << 18) / Swift.max(1, g.inChannels * g.kernelHeight * g.kernelWidth * plane)
    let floor = (256 + plane - 1) / plane
    return Swift.max(1, Swift.min(perWorker, (2048 + plane - 1) / plane, Swift.max(cap, floor)))
}

/// Calls `body(first, count)` for consecutive chunks of at most `size` samples of `samples`.
@inline(__always)
func forEachChunk(of samples: Range<Int>, size: Int, _ body: (Int, Int) -> Void) {
    var first = samples.lowerBound
    while first < samples.upperBound {
        let count = Swift.min(size, samples.upperBound - first)
        body(first, count)
        first += count
    }
}

/// `y = epilogue(conv(x, w))`: per chunk of `S` samples and per group,
/// `y_g [O/G, S·P] = w_g [O/G, K] · columns_g [K, S·P]`. A single sample writes `y` directly,
/// and a 1x1 stride-1 convolution of a single sample multiplies the input itself, in column
/// blocks small enough that the epilogue finds each block in cache.
func conv2dForward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, output y: UnsafeMutablePointer<T>,
    epilogue: ConvolutionEpilogueKernel<T>, _ g: ConvolutionGeometry
) {
    let (plane, k, og, oc) = (g.outputPlane, g.columnRows, g.groupOutChannels, g.outChannels)
    let chunk = samplesPerChunk(g)
    let direct = g.isPointwise && (chunk == 1 || plane >= 256)
    let columnsCount = direct ? 0 : g.inChannels * g.kernelHeight * g.kernelWidth * plane * chunk
    _ = forEachSampleChunk(batch: g.batch) { _, samples in
        let columns = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(columnsCount, 1))
        let product = UnsafeMutablePointer<T>.allocate(capacity: chunk > 1 ? oc * plane * chunk : 1)
        defer {
            columns.deallocate()
            product.deallocate()
        }
        forEachChunk(of: samples, size: chunk) { first, count in
            let ld = count * plane
            let xFirst = x + first * g.inChannels * g.inputPlane
            let yFirst = y + first * oc * plane
            if direct {
                for s in 0..<count {
                    pointwiseForward(
                        xFirst + s * g.inChannels * plane, w, yFirst + s * oc * plane, epilogue: epilogue,
                        outputOffset: (first + s) * oc * plane, g)
                }
                return
            }
            for s in 0..<count {
                im2col(
                    xFirst + s * g.inChannels * g.inputPlane, columns + s * plane, rowStride: ld,
                    channels: 0..<g.inChannels, g)
            }
            let out = count == 1 ? yFirst : product
            for group in 0..<g.groups {
                gemm(
                    m: og, n: ld, k: k, a: w + group * og * k, lda: k, b: columns + group * k * ld, ldb: ld,
                    beta: 0, c: out + group * og * ld, ldc: ld)
            }
            for s in 0..<count {
                for o in 0..<oc {
                    let offset = (first + s) * oc * plane + o * plane
                    epilogue.apply(out + o * ld + s * plane, y + offset, count: plane, channel: o, offset: offset)
                }
            }
        }
    }
}

/// One sample of a 1x1 stride-1 convolution, `y = epilogue(w · x)`, in blocks of output
/// columns: ResNet101's layer1 writes 4 MB per sample, which would leave the cache before
/// the epilogue reads it back.
private func pointwiseForward<T: TensorScalar>(
    _ x: UnsafePointer<T>, _ w: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>,
    epilogue: ConvolutionEpilogueKernel<T>, outputOffset: Int, _ g: ConvolutionGeometry
) {
    let (plane, k, og, oc) = (g.outputPlane, g.columnRows, g.groupOutChannels, g.outChannels)
    // ~512 KB of output per block, at least 256 columns so the GEMM stays efficient.
    let block = epilogue.isIdentity ? plane : Swift.min(plane, Swift.max(256, (1 << 17) / Swift.max(oc, 1)))
    var start = 0
    while start < plane {
        let width = Swift.min(block, plane - start)
        for group in 0..<g.groups {
            gemm(
                m: og, n: width, k: k, a: w + group * og * k, lda: k, b: x + group * g.groupInChannels * plane + start,
                ldb: plane,
                beta: 0, c: y + group * og * plane + start, ldc: plane)
        }
        for o in 0..<oc {
            let row = y + o * plane + start
            epilogue.apply(row, row, count: width, channel: o, offset: outputOffset + o * plane + start)
        }
        start += width
    }
}

/// Gradients of `conv2dForward`; each output pointer is optional so unneeded work is skipped.
/// `dx` is written (not accumulated); `dw` and `db` are overwritten with the batch sums.
func conv2dBackward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, outputGradient dy: UnsafePointer<T>,
    inputGradient dx: UnsafeMutablePointer<T>?, weightGradient dw: UnsafeMutablePointer<T>?,
    biasGradient db: UnsafeMutablePointer<T>?, _ g: ConvolutionGeometry
) {
    let (plane, k, og, oc) = (g.outputPlane, g.columnRows, g.groupOutChannels, g.outChannels)
    let chunk = samplesPerChunk(g)
    let direct = g.isPointwise && chunk == 1
    let columnsCount = direct ? 0 : g.inChannels * g.kernelHeight * g.kernelWidth * plane * chunk
    let workers = Swift.min(Parallelism.threads, Swift.max(g.batch, 1))
    // Worker 0 accumulates straight into `dw`; the others into private copies summed below.
    // Each worker's first GEMM overwrites its sums (beta 0), so nothing is cleared beforehand
    // (ResNet18's layer4 weights are 9.4 MB per convolution).
    let partials = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(1, (workers - 1) * g.weightCount))
    defer { partials.deallocate() }
    let used = forEachSampleChunk(batch: g.batch) { worker, samples in
        let columns = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(columnsCount, 1))
        let stacked = UnsafeMutablePointer<T>.allocate(capacity: chunk > 1 ? oc * plane * chunk : 1)
        defer {
            columns.deallocate()
            stacked.deallocate()
        }
        let dwLocal = worker == 0 ? dw : partials + (worker - 1) * g.weightCount
        if samples.isEmpty { dwLocal?.update(repeating: 0, count: g.weightCount) }
        var beta: T = 0
        forEachChunk(of: samples, size: chunk) { first, count in
            let ld = count * plane
            let xFirst = x + first * g.inChannels * g.inputPlane
            var gradient = dy + first * oc * plane
            if count > 1 {
                for s in 0..<count {
                    for o in 0..<oc {
                        (stacked + o * ld + s * plane).update(from: gradient + (s * oc + o) * plane, count: plane)
                    }
                }
                gradient = UnsafePointer(stacked)
            }
            if let dwLocal {
                if !direct {
                    for s in 0..<count {
                        im2col(
                            xFirst + s * g.inChannels * g.inputPlane, columns + s * plane, rowStride: ld,
                            channels: 0..<g.inChannels, g)
                    }
                }
                for group in 0..<g.groups {
                    let b =
                        direct ? xFirst + group * g.groupInChannels * plane : UnsafePointer(columns + group * k * ld)
                    gemm(
                        transposeB: true, m: og, n: k, k: ld, a: gradient + group * og * ld, lda: ld,
                        b: b, ldb: ld, beta: beta, c: dwLocal + group * og * k, ldc: k)
                }
                beta = 1
            }
            guard let dx else { return }
            let dxFirst = dx + first * g.inChannels * g.inputPlane
            for group in 0..<g.groups {
                let target = direct ? dxFirst + group * g.groupInChannels * plane : columns + group * k * ld
                gemm(
                    transposeA: true, m: k, n: ld, k: og, a: w + group * og * k, lda: k,
                    b: gradient + group * og * ld, ldb: ld, beta: 0, c: target, ldc: ld)
            }
            if !direct && g.isPointwise {
                // A 1x1 column matrix is the stacked input gradient itself: copy it back out
                // rather than clear `dx` and add it in.
                for s in 0..<count {
                    for c in 0..<g.inChannels {
                        (dxFirst + (s * g.inChannels + c) * plane).update(
                            from: columns + c * ld + s * plane, count: plane)
                    }
                }
            } else if !direct {
                dxFirst.update(repeating: 0, count: count * g.inChannels * g.inputPlane)
                for s in 0..<count {
                    col2im(
                        columns + s * plane, dxFirst + s * g.inChannels * g.inputPlane, rowStride: ld,
                        channels: 0..<g.inChannels, g)
                }
            }
        }
    }
    if let dw {
        for worker in 1..<Swift.max(used, 1) {
            let partial = UnsafePointer(partials + (worker - 1) * g.weightCount)
            parallelChunks(g.weightCount) { start, end in
                binaryRun(
                    AddOperator.self, UnsafePointer(dw + start), 1, partial + start, 1, dw + start, count: end - start)
            }
        }
    }
    if let db {
        for o in 0..<oc {
            var total: T = 0
            for n in 0..<g.batch { total += sumKernel(dy + (n * oc + o) * plane, count: plane) }
            db[o] = total
        }
    }
}

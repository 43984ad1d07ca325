/// Stride-1 convolution without im2col: one GEMM per kernel tap on shifted views of the
/// zero-padded input.
///
/// A chunk of `S` samples is padded to `Hp × Wp` each and stacked into one tall image per
/// channel (`S·Hp` rows of `Wp`). Output `(r, ow)` of tap `(i, j)` reads padded element
/// `(r + i·d)·Wp + ow + j·d`, so the tap's GEMM operand is the stacked input itself at offset
/// `(i·Wp + j)·d`: no column matrix `kh·kw` times larger than the input is built (im2col
/// measured ~25% of the time), and stacking keeps the GEMMs wide for small feature maps
/// (8x8 maps give 100-column GEMMs per sample, thousands per chunk). Output columns past
/// `OW` in a row and rows between two samples are junk, dropped on copy-out. The backward
/// pass lays the output gradient out the same way with zeros at the junk positions, so
/// reads that run past a row or a sample contribute nothing.
struct ShiftedLayout {
    let g: ConvolutionGeometry
    /// Samples stacked per chunk.
    let samples: Int

    init(_ g: ConvolutionGeometry, samplesPerWorker: Int) {
        self.g = g
        // ~8K output columns per GEMM: wide enough for the kernel, small enough for L2.
        let perSample = (g.height + 2 * g.padding) * (g.width + 2 * g.padding)
        samples = Swift.max(1, Swift.min(samplesPerWorker, 8192 / Swift.max(perSample, 1)))
    }

    var paddedWidth: Int { g.width + 2 * g.padding }
    var paddedHeight: Int { g.height + 2 * g.padding }
    /// Row stride of one channel of the stacked input.
    var plane: Int { samples * paddedHeight * paddedWidth }
    /// Output columns computed for a chunk of `count` samples.
    func columns(_ count: Int) -> Int { ((count - 1) * paddedHeight + g.outHeight) * paddedWidth }
    var maxColumns: Int { columns(samples) }
    /// Elements a tap reads past the end of a plane.
    var overrun: Int { (g.kernelWidth - 1) * g.dilation + (g.kernelHeight - 1) * g.dilation * paddedWidth }
    var taps: Int { g.kernelHeight * g.kernelWidth }
    func offset(tap: Int) -> Int { ((tap / g.kernelWidth) * paddedWidth + tap % g.kernelWidth) * g.dilation }
    var stackedCount: Int { g.inChannels * plane + overrun }
    /// Plane stride of the stacked input gradient: a tap's GEMM writes past its plane's end,
    /// and planes must not overlap (with two BLAS threads they would race).
    var gradientPlane: Int { plane + overrun }

    /// Position of sample `s`, row `h`, column `w` (unpadded coordinates) in a stacked plane.
    @inline(__always)
    func position(_ s: Int, _ h: Int, _ w: Int) -> Int {
        (s * paddedHeight + h + g.padding) * paddedWidth + w + g.padding
    }

    /// Position of output `(s, oh, ow)` among the computed columns.
    @inline(__always)
    func outputPosition(_ s: Int, _ oh: Int) -> Int { (s * paddedHeight + oh) * paddedWidth }

    /// Copies samples `x [count, C, H, W]` into the interior of a stacked buffer whose
    /// border is zero (borders are never written, so they stay zero from allocation).
    func stack<T>(_ x: UnsafePointer<T>, count: Int, into stacked: UnsafeMutablePointer<T>) {
        for s in 0..<count {
            for c in 0..<g.inChannels {
                for h in 0..<g.height {
                    (stacked + c * plane + position(s, h, 0)).update(
                        from: x + ((s * g.inChannels + c) * g.height + h) * g.width, count: g.width)
                }
            }
        }
    }

    /// Weights `[O, C, kh, kw]` as one `[O, C]` matrix per tap.
    func tapMajor<T>(_ w: UnsafePointer<T>, into t: UnsafeMutablePointer<T>) {
        for o in 0..<g.outChannels {
            for c in 0..<g.inChannels {
                for tap in 0..<taps {
                    t[(tap * g.outChannels + o) * g.inChannels + c] = w[(o * g.inChannels + c) * taps + tap]
                }
            }
        }
    }
}

/// Zeroed scratch memory for one kernel worker.
private func zeroedBuffer<T: TensorScalar>(_ count: Int) -> UnsafeMutablePointer<T> {
    let buffer = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(count, 1))
    buffer.initialize(repeating: 0, count: Swift.max(count, 1))
    return buffer
}

private func samplesPerWorker(_ g: ConvolutionGeometry) -> Int {
    let workers = Swift.max(1, Swift.min(Parallelism.threads, g.batch))
    return (g.batch + workers - 1) / workers
}

func shiftedConv2dForward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, output y: UnsafeMutablePointer<T>,
    epilogue: ConvolutionEpilogueKernel<T>, _ g: ConvolutionGeometry
) {
    let l = ShiftedLayout(g, samplesPerWorker: samplesPerWorker(g))
    let (oc, ic) = (g.outChannels, g.inChannels)
    let weights = UnsafeMutablePointer<T>.allocate(capacity: g.weightCount)
    defer { weights.deallocate() }
    l.tapMajor(w, into: weights)
    _ = forEachSampleChunk(batch: g.batch) { _, samples in
        let stacked: UnsafeMutablePointer<T> = zeroedBuffer(l.stackedCount)
        let product = UnsafeMutablePointer<T>.allocate(capacity: oc * l.maxColumns)
        defer {
            stacked.deallocate()
            product.deallocate()
        }
        forEachChunk(of: samples, size: l.samples) { first, count in
            l.stack(x + first * ic * g.inputPlane, count: count, into: stacked)
            for tap in 0..<l.taps {
                gemm(
                    m: oc, n: l.columns(count), k: ic, a: weights + tap * oc * ic, lda: ic,
                    b: stacked + l.offset(tap: tap), ldb: l.plane, beta: tap == 0 ? 0 : 1, c: product, ldc: l.maxColumns
                )
            }
            for s in 0..<count {
                for o in 0..<oc {
                    for oh in 0..<g.outHeight {
                        let offset = (((first + s) * oc + o) * g.outHeight + oh) * g.outWidth
                        epilogue.apply(
                            product + o * l.maxColumns + l.outputPosition(s, oh), y + offset, count: g.outWidth,
                            channel: o, offset: offset)
                    }
                }
            }
        }
    }
}

/// Gradients of `shiftedConv2dForward` (same contract as `conv2dBackward`).
func shiftedConv2dBackward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, outputGradient dy: UnsafePointer<T>,
    inputGradient dx: UnsafeMutablePointer<T>?, weightGradient dw: UnsafeMutablePointer<T>?,
    biasGradient db: UnsafeMutablePointer<T>?, _ g: ConvolutionGeometry
) {
    let l = ShiftedLayout(g, samplesPerWorker: samplesPerWorker(g))
    let (oc, ic) = (g.outChannels, g.inChannels)
    let weights = UnsafeMutablePointer<T>.allocate(capacity: g.weightCount)
    defer { weights.deallocate() }
    l.tapMajor(w, into: weights)
    let workers = Swift.min(Parallelism.threads, Swift.max(g.batch, 1))
    // One tap-major weight gradient per worker, summed below.
    let partials: UnsafeMutablePointer<T> = zeroedBuffer(dw == nil ? 0 : workers * g.weightCount)
    defer { partials.deallocate() }
    let used = forEachSampleChunk(batch: g.batch) { worker, samples in
        let stacked: UnsafeMutablePointer<T> = zeroedBuffer(dw == nil ? 0 : l.stackedCount)
        let gradient: UnsafeMutablePointer<T> = zeroedBuffer(oc * l.maxColumns + l.overrun)
        let stackedGradient = UnsafeMutablePointer<T>.allocate(capacity: dx == nil ? 1 : ic * l.gradientPlane)
        defer {
            stacked.deallocate()
            gradient.deallocate()
            stackedGradient.deallocate()
        }
        let dwLocal = partials + worker * g.weightCount
        forEachChunk(of: samples, size: l.samples) { first, count in
            let columns = l.columns(count)
            for s in 0..<count {
                for o in 0..<oc {
                    for oh in 0..<g.outHeight {
                        (gradient + o * l.maxColumns + l.outputPosition(s, oh))
                            .update(
                                from: dy + (((first + s) * oc + o) * g.outHeight + oh) * g.outWidth, count: g.outWidth)
                    }
                }
            }
            if dw != nil {
                l.stack(x + first * ic * g.inputPlane, count: count, into: stacked)
                for tap in 0..<l.taps {
                    gemm(
                        transposeB: true, m: oc, n: ic, k: columns, a: gradient, lda: l.maxColumns,
                        b: stacked + l.offset(tap: tap), ldb: l.plane, beta: 1, c: dwLocal + tap * oc * ic, ldc: ic)
                }
            }
            guard let dx else { return }
            stackedGradient.update(repeating: 0, count: ic * l.gradientPlane)
            for tap in 0..<l.taps {
                gemm(
                    transposeA: true, m: ic, n: columns, k: oc, a: weights + tap * oc * ic, lda: ic,
                    b: gradient, ldb: l.maxColumns, beta: 1, c: stackedGradient + l.offset(tap: tap),
                    ldc: l.gradientPlane)
            }
            for s in 0..<count {
                for c in 0..<ic {
                    for h in 0..<g.height {
                        (dx + (((first + s) * ic + c) * g.height + h) * g.width)
                            .update(from: stackedGradient + c * l.gradientPlane + l.position(s, h, 0), count: g.width)
                    }
                }
            }
        }
    }
    if let dw {
        for o in 0..<oc {
            for c in 0..<ic {
                for tap in 0..<l.taps {
                    var total: T = 0
                    for worker in 0..<Swift.max(used, 1) {
                        total += partials[worker * g.weightCount + (tap * oc + o) * ic + c]
                    }
                    dw[(o * ic + c) * l.taps + tap] = total
                }
            }
        }
    }
    if let db {
        for o in 0..<oc {
            var total: T = 0
            for n in 0..<g.batch { total += sumKernel(dy + (n * oc + o) * g.outputPlane, count: g.outputPlane) }
            db[o] = total
        }
    }
}

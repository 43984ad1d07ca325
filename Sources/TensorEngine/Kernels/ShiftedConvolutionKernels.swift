/// Stride-1 convolution without im2col: one GEMM per kernel tap on shifted views of the
/// zero-padded input.
///
/// With the input padded to `Hp × Wp` and stored plane by plane, output `(oh, ow)` of tap
/// `(i, j)` reads padded element `(oh + i·d)·Wp + ow + j·d`, so the tap's GEMM operand is the
/// padded input itself at offset `(i·Wp + j)·d` with row stride `Hp·Wp`: computing `OH·Wp`
/// output columns (the last `Wp − OW` of each row are junk, dropped on copy-out) avoids
/// unfolding a `kh·kw` times larger column matrix, which measured ~25% of the im2col path.
/// The backward pass reuses the layout: the output gradient is laid out with row stride `Wp`
/// and zeros in the junk columns, so reads past a row's end contribute nothing.
struct ShiftedLayout {
    let g: ConvolutionGeometry
    var paddedWidth: Int { g.width + 2 * g.padding }
    var paddedPlane: Int { (g.height + 2 * g.padding) * paddedWidth }
    /// Output columns computed per channel: `outHeight` rows of `paddedWidth`.
    var columns: Int { g.outHeight * paddedWidth }
    /// Elements read past the last plane by the farthest tap.
    var overrun: Int { (g.kernelWidth - 1) * g.dilation + (g.kernelHeight - 1) * g.dilation * paddedWidth }
    var taps: Int { g.kernelHeight * g.kernelWidth }
    func offset(tap: Int) -> Int { ((tap / g.kernelWidth) * paddedWidth + tap % g.kernelWidth) * g.dilation }
    var paddedCount: Int { g.inChannels * paddedPlane + overrun }
    var outputCount: Int { g.outChannels * columns + overrun }
    /// Plane stride of the padded input gradient: a tap's GEMM writes `columns` elements from
    /// its offset, and planes must not overlap (with two BLAS threads they would race).
    var gradientPlane: Int { paddedPlane + overrun }

    /// Copies sample `x [C, H, W]` into the interior of a padded buffer whose border is zero.
    func pad<T>(_ x: UnsafePointer<T>, into padded: UnsafeMutablePointer<T>) {
        for c in 0..<g.inChannels {
            for h in 0..<g.height {
                (padded + c * paddedPlane + (h + g.padding) * paddedWidth + g.padding)
                    .update(from: x + (c * g.height + h) * g.width, count: g.width)
            }
        }
    }

    /// Weights `[O, C, kh, kw]` as one `[O, C]` matrix per tap.
    func tapMajor<T>(_ w: UnsafePointer<T>, into t: UnsafeMutablePointer<T>) {
        for o in 0..<g.outChannels { for c in 0..<g.inChannels { for tap in 0..<taps {
            t[(tap * g.outChannels + o) * g.inChannels + c] = w[(o * g.inChannels + c) * taps + tap]
        } } }
    }
}

/// Zeroed scratch memory for one kernel worker.
private func zeroedBuffer<T: TensorScalar>(_ count: Int) -> UnsafeMutablePointer<T> {
    let buffer = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(count, 1))
    buffer.initialize(repeating: 0, count: Swift.max(count, 1))
    return buffer
}

func shiftedConv2dForward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, bias: UnsafePointer<T>?,
    output y: UnsafeMutablePointer<T>, _ g: ConvolutionGeometry
) {
    let l = ShiftedLayout(g: g)
    let weights = UnsafeMutablePointer<T>.allocate(capacity: g.weightCount)
    defer { weights.deallocate() }
    l.tapMajor(w, into: weights)
    _ = forEachSampleChunk(batch: g.batch) { _, samples in
        let padded: UnsafeMutablePointer<T> = zeroedBuffer(l.paddedCount)
        let product = UnsafeMutablePointer<T>.allocate(capacity: l.outputCount)
        defer { padded.deallocate(); product.deallocate() }
        for n in samples {
            l.pad(x + n * g.inChannels * g.inputPlane, into: padded)
            for tap in 0..<l.taps {
                gemm(m: g.outChannels, n: l.columns, k: g.inChannels, a: weights + tap * g.outChannels * g.inChannels,
                     lda: g.inChannels, b: padded + l.offset(tap: tap), ldb: l.paddedPlane,
                     beta: tap == 0 ? 0 : 1, c: product, ldc: l.columns)
            }
            let yn = y + n * g.outChannels * g.outputPlane
            for o in 0..<g.outChannels {
                let shift = bias?[o] ?? 0
                for oh in 0..<g.outHeight {
                    let source = product + o * l.columns + oh * l.paddedWidth, target = yn + (o * g.outHeight + oh) * g.outWidth
                    if bias == nil { target.update(from: source, count: g.outWidth) } else {
                        for ow in 0..<g.outWidth { target[ow] = source[ow] + shift }
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
    let l = ShiftedLayout(g: g)
    let (oc, ic) = (g.outChannels, g.inChannels)
    let weights = UnsafeMutablePointer<T>.allocate(capacity: g.weightCount)
    defer { weights.deallocate() }
    l.tapMajor(w, into: weights)
    let workers = Swift.min(Parallelism.threads, Swift.max(g.batch, 1))
    // One tap-major weight gradient per worker, summed below.
    let partials: UnsafeMutablePointer<T> = zeroedBuffer(dw == nil ? 0 : workers * g.weightCount)
    defer { partials.deallocate() }
    let used = forEachSampleChunk(batch: g.batch) { worker, samples in
        let padded: UnsafeMutablePointer<T> = zeroedBuffer(dw == nil ? 0 : l.paddedCount)
        let gradient: UnsafeMutablePointer<T> = zeroedBuffer(l.outputCount)
        let paddedGradient = UnsafeMutablePointer<T>.allocate(capacity: dx == nil ? 1 : ic * l.gradientPlane)
        defer { padded.deallocate(); gradient.deallocate(); paddedGradient.deallocate() }
        let dwLocal = partials + worker * g.weightCount
        for n in samples {
            let dyn = dy + n * oc * g.outputPlane
            for o in 0..<oc {
                for oh in 0..<g.outHeight {
                    (gradient + o * l.columns + oh * l.paddedWidth).update(from: dyn + (o * g.outHeight + oh) * g.outWidth, count: g.outWidth)
                }
            }
            if dw != nil {
                l.pad(x + n * ic * g.inputPlane, into: padded)
                for tap in 0..<l.taps {
                    gemm(transposeB: true, m: oc, n: ic, k: l.columns, a: gradient, lda: l.columns,
                         b: padded + l.offset(tap: tap), ldb: l.paddedPlane, beta: 1, c: dwLocal + tap * oc * ic, ldc: ic)
                }
            }
            if let dx {
                paddedGradient.update(repeating: 0, count: ic * l.gradientPlane)
                for tap in 0..<l.taps {
                    gemm(transposeA: true, m: ic, n: l.columns, k: oc, a: weights + tap * oc * ic, lda: ic,
                         b: gradient, ldb: l.columns, beta: 1, c: paddedGradient + l.offset(tap: tap), ldc: l.gradientPlane)
                }
                let dxn = dx + n * ic * g.inputPlane
                for c in 0..<ic {
                    for h in 0..<g.height {
                        (dxn + (c * g.height + h) * g.width)
                            .update(from: paddedGradient + c * l.gradientPlane + (h + g.padding) * l.paddedWidth + g.padding, count: g.width)
                    }
                }
            }
        }
    }
    if let dw {
        for o in 0..<oc { for c in 0..<ic { for tap in 0..<l.taps {
            var total: T = 0
            for worker in 0..<Swift.max(used, 1) { total += partials[worker * g.weightCount + (tap * oc + o) * ic + c] }
            dw[(o * ic + c) * l.taps + tap] = total
        } } }
    }
    if let db {
        for o in 0..<oc {
            var total: T = 0
            for n in 0..<g.batch { total += sumKernel(dy + (n * oc + o) * g.outputPlane, count: g.outputPlane) }
            db[o] = total
        }
    }
}

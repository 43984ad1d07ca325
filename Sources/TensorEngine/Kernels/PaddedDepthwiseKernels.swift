/// Stride-1 depthwise convolution on one zero-padded plane at a time: with the plane padded
/// to `Hp × Wp`, tap `(i, j)` is a single multiply-add over `OH·Wp` contiguous elements at
/// offset `(i·Wp + j)·d` (the `Wp − OW` junk columns of each output row are dropped on
/// copy-out), instead of `OH` rows of `OW` (short loops on MobileNet's small maps).
struct PaddedPlane {
    let g: ConvolutionGeometry
    var width: Int { g.width + 2 * g.padding }
    var count: Int { (g.height + 2 * g.padding) * width + (g.kernelWidth - 1) * g.dilation }
    var columns: Int { g.outHeight * width }
    func offset(tap: Int) -> Int { ((tap / g.kernelWidth) * width + tap % g.kernelWidth) * g.dilation }

    /// Copies plane `x [H, W]` into the interior of `padded` (whose border stays zero).
    func pad<T>(_ x: UnsafePointer<T>, into padded: UnsafeMutablePointer<T>) {
        for h in 0..<g.height {
            (padded + (h + g.padding) * width + g.padding).update(from: x + h * g.width, count: g.width)
        }
    }

    /// Copies output plane `dy [OH, OW]` into rows of `width` (junk columns stay zero).
    func spread<T>(_ dy: UnsafePointer<T>, into rows: UnsafeMutablePointer<T>) {
        for oh in 0..<g.outHeight { (rows + oh * width).update(from: dy + oh * g.outWidth, count: g.outWidth) }
    }

    func zeroed<T: TensorScalar>(_ size: Int) -> UnsafeMutablePointer<T> {
        let buffer = UnsafeMutablePointer<T>.allocate(capacity: size)
        buffer.initialize(repeating: 0, count: size)
        return buffer
    }
}

func paddedDepthwiseForward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, bias: UnsafePointer<T>?,
    output y: UnsafeMutablePointer<T>, _ g: ConvolutionGeometry
) {
    let p = PaddedPlane(g: g)
    let multiplier = g.outChannels / g.inChannels
    let taps = g.kernelHeight * g.kernelWidth
    parallelRanges(g.batch * g.outChannels, work: g.batch * g.outChannels * g.outputPlane * taps) { items in
        let padded: UnsafeMutablePointer<T> = p.zeroed(p.count)
        let sums: UnsafeMutablePointer<T> = p.zeroed(p.columns)
        defer {
            padded.deallocate()
            sums.deallocate()
        }
        var loaded = -1
        for item in items {
            let (n, o) = (item / g.outChannels, item % g.outChannels)
            let source = n * g.inChannels + o / multiplier
            if source != loaded {
                p.pad(x + source * g.inputPlane, into: padded)
                loaded = source
            }
            sums.update(repeating: bias?[o] ?? 0, count: p.columns)
            for tap in 0..<taps {
                let weight = w[o * taps + tap]
                let shifted = padded + p.offset(tap: tap)
                for q in 0..<p.columns { sums[q] += weight * shifted[q] }
            }
            let out = y + item * g.outputPlane
            for oh in 0..<g.outHeight { (out + oh * g.outWidth).update(from: sums + oh * p.width, count: g.outWidth) }
        }
    }
}

/// Gradients of `paddedDepthwiseForward`, each written when its pointer is given.
func paddedDepthwiseBackward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, outputGradient dy: UnsafePointer<T>,
    inputGradient dx: UnsafeMutablePointer<T>?, weightGradient dw: UnsafeMutablePointer<T>?, _ g: ConvolutionGeometry
) {
    let p = PaddedPlane(g: g)
    let multiplier = g.outChannels / g.inChannels
    let taps = g.kernelHeight * g.kernelWidth
    let work = g.batch * g.outChannels * g.outputPlane * taps
    if let dx {
        parallelRanges(g.batch * g.inChannels, work: work) { items in
            let padded: UnsafeMutablePointer<T> = p.zeroed(p.count)
            let rows: UnsafeMutablePointer<T> = p.zeroed(p.columns)
            defer {
                padded.deallocate()
                rows.deallocate()
            }
            for item in items {
                let (n, c) = (item / g.inChannels, item % g.inChannels)
                padded.update(repeating: 0, count: p.count)
                for o in (c * multiplier)..<((c + 1) * multiplier) {
                    p.spread(dy + (n * g.outChannels + o) * g.outputPlane, into: rows)
                    for tap in 0..<taps {
                        let weight = w[o * taps + tap]
                        let shifted = padded + p.offset(tap: tap)
                        for q in 0..<p.columns { shifted[q] += weight * rows[q] }
                    }
                }
                let target = dx + item * g.inputPlane
                for h in 0..<g.height {
                    (target + h * g.width).update(from: padded + (h + g.padding) * p.width + g.padding, count: g.width)
                }
            }
        }
    }
    if let dw {
        parallelRanges(g.outChannels, work: work) { channels in
            let padded: UnsafeMutablePointer<T> = p.zeroed(p.count)
            let rows: UnsafeMutablePointer<T> = p.zeroed(p.columns)
            defer {
                padded.deallocate()
                rows.deallocate()
            }
            for o in channels {
                var totals = [Double](repeating: 0, count: taps)
                for n in 0..<g.batch {
                    p.pad(x + (n * g.inChannels + o / multiplier) * g.inputPlane, into: padded)
                    p.spread(dy + (n * g.outChannels + o) * g.outputPlane, into: rows)
                    for tap in 0..<taps {
                        totals[tap] += dotKernel(rows, padded + p.offset(tap: tap), count: p.columns).asDouble
                    }
                }
                for tap in 0..<taps { dw[o * taps + tap] = T(totals[tap]) }
            }
        }
    }
}

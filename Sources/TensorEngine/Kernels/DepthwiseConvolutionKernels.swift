/// Depthwise convolution (`groups == inChannels`, MobileNetV3) as direct loops: each output
/// channel `o` reads only input channel `o / multiplier`, so im2col would copy kh·kw times the
/// input for a GEMM with a single row. One filter per channel goes to
/// `ChannelsLastDepthwiseKernels`; with a channel multiplier, stride 1 goes to
/// `PaddedDepthwiseKernels` and the strided loops here serve the rest.

/// Calls `body(inputRow, outputRow, first, end)` for every output row of one kernel tap
/// `(i, j)` whose input row is inside the image; `first..<end` are the output columns whose
/// input column `ow·stride + shift` is inside it.
@inline(__always)
private func forEachTapRow(
    _ g: ConvolutionGeometry, i: Int, j: Int,
    _ body: (_ inputOffset: Int, _ outputOffset: Int, _ first: Int, _ end: Int) -> Void
) {
    let s = g.stride
    let shift = j * g.dilation - g.padding
    let first = shift >= 0 ? 0 : Swift.min(g.outWidth, (-shift + s - 1) / s)
    let end = Swift.max(first, g.width - 1 - shift >= 0 ? Swift.min(g.outWidth, (g.width - 1 - shift) / s + 1) : 0)
    for oh in 0..<g.outHeight {
        let ih = oh * s - g.padding + i * g.dilation
        guard ih >= 0 && ih < g.height else { continue }
        body(ih * g.width + shift, oh * g.outWidth, first, end)
    }
}

func depthwiseConv2dForward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, bias: UnsafePointer<T>?,
    output y: UnsafeMutablePointer<T>, _ g: ConvolutionGeometry
) {
    if g.outChannels == g.inChannels {
        channelsLastDepthwiseForward(input: x, weight: w, bias: bias, output: y, g)
    } else if g.stride == 1 {
        paddedDepthwiseForward(input: x, weight: w, bias: bias, output: y, g)
    } else {
        stridedDepthwiseForward(input: x, weight: w, bias: bias, output: y, g)
    }
}

/// Gradients of `depthwiseConv2dForward`, each written (not accumulated) when its pointer is given.
func depthwiseConv2dBackward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, outputGradient dy: UnsafePointer<T>,
    inputGradient dx: UnsafeMutablePointer<T>?, weightGradient dw: UnsafeMutablePointer<T>?,
    biasGradient db: UnsafeMutablePointer<T>?, _ g: ConvolutionGeometry
) {
    if g.outChannels == g.inChannels {
        channelsLastDepthwiseBackward(input: x, weight: w, outputGradient: dy, inputGradient: dx, weightGradient: dw, g)
    } else if g.stride == 1 {
        paddedDepthwiseBackward(input: x, weight: w, outputGradient: dy, inputGradient: dx, weightGradient: dw, g)
    } else {
        stridedDepthwiseBackward(input: x, weight: w, outputGradient: dy, inputGradient: dx, weightGradient: dw, g)
    }
    if let db {
        for o in 0..<g.outChannels {
            var total: T = 0
            for n in 0..<g.batch {
                total += sumKernel(dy + (n * g.outChannels + o) * g.outputPlane, count: g.outputPlane)
            }
            db[o] = total
        }
    }
}

/// Direct loops over the in-image part of each tap row: any stride and channel multiplier.
func stridedDepthwiseForward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, bias: UnsafePointer<T>?,
    output y: UnsafeMutablePointer<T>, _ g: ConvolutionGeometry
) {
    let multiplier = g.outChannels / g.inChannels
    let taps = g.kernelHeight * g.kernelWidth
    let s = g.stride
    parallelItems(g.batch * g.outChannels, work: g.batch * g.outChannels * g.outputPlane * taps) { item in
        let (n, o) = (item / g.outChannels, item % g.outChannels)
        let plane = x + (n * g.inChannels + o / multiplier) * g.inputPlane
        let out = y + item * g.outputPlane
        out.update(repeating: bias?[o] ?? 0, count: g.outputPlane)
        for i in 0..<g.kernelHeight {
            for j in 0..<g.kernelWidth {
                let weight = w[o * taps + i * g.kernelWidth + j]
                forEachTapRow(g, i: i, j: j) { inputOffset, outputOffset, first, end in
                    let source = plane + inputOffset
                    let target = out + outputOffset
                    for ow in first..<end { target[ow] += weight * source[ow * s] }
                }
            }
        }
    }
}

/// Gradients of `stridedDepthwiseForward`, each written (not accumulated) when its pointer is given.
func stridedDepthwiseBackward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, outputGradient dy: UnsafePointer<T>,
    inputGradient dx: UnsafeMutablePointer<T>?, weightGradient dw: UnsafeMutablePointer<T>?, _ g: ConvolutionGeometry
) {
    let multiplier = g.outChannels / g.inChannels
    let taps = g.kernelHeight * g.kernelWidth
    let s = g.stride
    let work = g.batch * g.outChannels * g.outputPlane * taps
    if let dx {
        parallelItems(g.batch * g.inChannels, work: work) { item in
            let (n, c) = (item / g.inChannels, item % g.inChannels)
            let plane = dx + item * g.inputPlane
            plane.update(repeating: 0, count: g.inputPlane)
            for o in (c * multiplier)..<((c + 1) * multiplier) {
                let gradient = dy + (n * g.outChannels + o) * g.outputPlane
                for i in 0..<g.kernelHeight {
                    for j in 0..<g.kernelWidth {
                        let weight = w[o * taps + i * g.kernelWidth + j]
                        forEachTapRow(g, i: i, j: j) { inputOffset, outputOffset, first, end in
                            let target = plane + inputOffset
                            let source = gradient + outputOffset
                            for ow in first..<end { target[ow * s] += weight * source[ow] }
                        }
                    }
                }
            }
        }
    }
    if let dw {
        parallelItems(g.outChannels, work: work) { o in
            for tap in 0..<taps {
                let (i, j) = (tap / g.kernelWidth, tap % g.kernelWidth)
                var total = 0.0
                for n in 0..<g.batch {
                    let plane = x + (n * g.inChannels + o / multiplier) * g.inputPlane
                    let gradient = dy + (n * g.outChannels + o) * g.outputPlane
                    forEachTapRow(g, i: i, j: j) { inputOffset, outputOffset, first, end in
                        let source = plane + inputOffset
                        let outGrad = gradient + outputOffset
                        var row: T = 0
                        for ow in first..<end { row += outGrad[ow] * source[ow * s] }
                        total += row.asDouble
                    }
                }
                dw[o * taps + tap] = T(total)
            }
        }
    }
}

/// `Σ a[i]·b[i]` with SIMD accumulators (a running scalar sum does not vectorise).
@inline(__always)
func dotKernel<T: TensorScalar>(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, count: Int) -> T {
    var lanes = SIMD8<T>(repeating: 0)
    var i = 0
    while i + 8 <= count {
        lanes +=
            UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<T>.self)
            * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<T>.self)
        i += 8
    }
    var total = lanes.sum()
    while i < count {
        total += a[i] * b[i]
        i += 1
    }
    return total
}

/// The output columns `[first, end)` whose input column `column · stride + shift` lies in
/// `0..<width`.
@inline(__always)
private func validColumns(shift: Int, stride: Int, width: Int, outWidth: Int) -> (Int, Int) {
    let first = shift >= 0 ? 0 : (-shift + stride - 1) / stride
    let end = width - 1 - shift >= 0 ? Swift.min(outWidth, (width - 1 - shift) / stride + 1) : 0
    return (Swift.min(first, outWidth), Swift.max(end, Swift.min(first, outWidth)))
}

/// Unfolds one sample `x [channels, height, width]` into `columns [channels·kh·kw, outH·outW]`
/// (rows `rowStride` apart, so samples can sit side by side), row `(c·kh + i)·kw + j` holding
/// input `(c, oh·s − p + i·d, ow·s − p + j·d)` (0 outside). Every element is written, so the
/// buffer needs no clearing.
func im2col<T: TensorScalar>(_ x: UnsafePointer<T>, _ columns: UnsafeMutablePointer<T>, rowStride: Int, channels: Range<Int>, _ g: ConvolutionGeometry) {
    let (outH, outW, s) = (g.outHeight, g.outWidth, g.stride)
    for c in channels {
        let plane = x + c * g.inputPlane
        for i in 0..<g.kernelHeight {
            for j in 0..<g.kernelWidth {
                let row = columns + ((c * g.kernelHeight + i) * g.kernelWidth + j) * rowStride
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
func col2im<T: TensorScalar>(_ columns: UnsafePointer<T>, _ x: UnsafeMutablePointer<T>, rowStride: Int, channels: Range<Int>, _ g: ConvolutionGeometry) {
    let (outH, outW, s) = (g.outHeight, g.outWidth, g.stride)
    for c in channels {
        let plane = x + c * g.inputPlane
        for i in 0..<g.kernelHeight {
            for j in 0..<g.kernelWidth {
                let row = columns + ((c * g.kernelHeight + i) * g.kernelWidth + j) * rowStride
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

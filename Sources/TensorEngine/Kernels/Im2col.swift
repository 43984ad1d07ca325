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
func im2col<T: TensorScalar>(
    _ x: UnsafePointer<T>, _ columns: UnsafeMutablePointer<T>, rowStride: Int, channels: Range<Int>,
    _ g: ConvolutionGeometry
) {
    if g.keepsSize {
        samePlaneIm2col(x, columns, rowStride: rowStride, channels: channels, g)
        return
    }
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
                    guard ih >= 0 && ih < g.height else {
                        out.update(repeating: 0, count: outW)
                        continue
                    }
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
/// `x` must be cleared (or hold a gradient to add to) beforehand; `columns` is scratch (its
/// entries that read padding may be overwritten).
func col2im<T: TensorScalar>(
    _ columns: UnsafeMutablePointer<T>, _ x: UnsafeMutablePointer<T>, rowStride: Int, channels: Range<Int>,
    _ g: ConvolutionGeometry
) {
    if g.keepsSize {
        samePlaneCol2im(columns, x, rowStride: rowStride, channels: channels, g)
        return
    }
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

// MARK: - Stride 1, output the input's size (3x3 padding 1, 7x7 padding 3)

/// Tap `(i, j)` reads input element `k + shift` for output element `k` of the flattened plane:
/// one contiguous copy per row of the column matrix instead of one short copy per output
/// row (ResNet18 at 64 px has 4- to 16-wide maps, where the call overhead dominated). Reads
/// that wrap into the neighbouring image row are the `-dx` first or `dx` last columns of
/// each row; those read padding, so they are zeroed.
@inline(__always)
private func forEachSamePlaneTap(
    _ g: ConvolutionGeometry, _ body: (_ tap: Int, _ shift: Int, _ dx: Int, _ lo: Int, _ hi: Int) -> Void
) {
    let plane = g.inputPlane
    for i in 0..<g.kernelHeight {
        for j in 0..<g.kernelWidth {
            let (dy, dx) = (i * g.dilation - g.padding, j * g.dilation - g.padding)
            let shift = dy * g.width + dx
            let lo = Swift.min(plane, Swift.max(0, -shift))
            let hi = Swift.max(lo, Swift.min(plane, plane - shift))
            body(i * g.kernelWidth + j, shift, dx, lo, hi)
        }
    }
}

/// Zeroes the columns of every image row of `row` whose input column `ow + dx` is outside.
@inline(__always)
private func zeroWrappedColumns<T: TensorScalar>(_ row: UnsafeMutablePointer<T>, dx: Int, _ g: ConvolutionGeometry) {
    guard dx != 0 else { return }
    let (from, to) = dx < 0 ? (0, Swift.min(-dx, g.width)) : (Swift.max(0, g.width - dx), g.width)
    for oh in 0..<g.height {
        for ow in from..<to { row[oh * g.width + ow] = 0 }
    }
}

private func samePlaneIm2col<T: TensorScalar>(
    _ x: UnsafePointer<T>, _ columns: UnsafeMutablePointer<T>, rowStride: Int, channels: Range<Int>,
    _ g: ConvolutionGeometry
) {
    let (plane, taps) = (g.inputPlane, g.kernelHeight * g.kernelWidth)
    for c in channels {
        let source = x + c * plane
        forEachSamePlaneTap(g) { tap, shift, dx, lo, hi in
            let row = columns + (c * taps + tap) * rowStride
            row.update(repeating: 0, count: lo)
            (row + lo).update(from: source + lo + shift, count: hi - lo)
            (row + hi).update(repeating: 0, count: plane - hi)
            zeroWrappedColumns(row, dx: dx, g)
        }
    }
}

private func samePlaneCol2im<T: TensorScalar>(
    _ columns: UnsafeMutablePointer<T>, _ x: UnsafeMutablePointer<T>, rowStride: Int, channels: Range<Int>,
    _ g: ConvolutionGeometry
) {
    let (plane, taps) = (g.inputPlane, g.kernelHeight * g.kernelWidth)
    for c in channels {
        let target = x + c * plane
        forEachSamePlaneTap(g) { tap, shift, dx, lo, hi in
            let row = columns + (c * taps + tap) * rowStride
            zeroWrappedColumns(row, dx: dx, g)
            // In place: each element reads and writes only its own index.
            let to = target + lo + shift
            binaryRun(AddOperator.self, UnsafePointer(to), 1, UnsafePointer(row + lo), 1, to, count: hi - lo)
        }
    }
}

/// Sizes of a 2-D pooling over `planes = batch · channels` planes of `height × width`.
struct PoolGeometry: Sendable {
    let planes, height, width: Int
    let kernel, stride, padding: Int

    var outHeight: Int { (height + 2 * padding - kernel) / stride + 1 }
    var outWidth: Int { (width + 2 * padding - kernel) / stride + 1 }
    var inputPlane: Int { height * width }
    var outputPlane: Int { outHeight * outWidth }

    /// The window of output `(oh, ow)` clipped to the image, and PyTorch's average divisor
    /// with padding included (the window clipped only to the padded image).
    @inline(__always)
    func window(_ oh: Int, _ ow: Int) -> (rows: Range<Int>, columns: Range<Int>, paddedSize: Int) {
        let top = oh * stride - padding
        let left = ow * stride - padding
        let bottom = Swift.min(top + kernel, height + padding)
        let right = Swift.min(left + kernel, width + padding)
        let paddedSize = (bottom - top) * (right - left)
        return (Swift.max(top, 0)..<Swift.min(bottom, height), Swift.max(left, 0)..<Swift.min(right, width), paddedSize)
    }
}

/// Window maxima (padding acts as −∞, NaN wins as in PyTorch) and the plane-local index of
/// each maximum, for the backward pass.
func maxPool2dForward<T: TensorScalar>(
    _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, argmax: UnsafeMutablePointer<Int32>, _ g: PoolGeometry
) {
    parallelItems(g.planes, work: g.planes * g.outputPlane * g.kernel * g.kernel) { plane in
        let input = x + plane * g.inputPlane
        let out = plane * g.outputPlane
        for oh in 0..<g.outHeight {
            for ow in 0..<g.outWidth {
                let (rows, columns, _) = g.window(oh, ow)
                var best = -T.infinity
                var bestIndex = rows.lowerBound * g.width + columns.lowerBound
                scan: for ih in rows {
                    for iw in columns {
                        let value = input[ih * g.width + iw]
                        if value > best || value.isNaN {
                            best = value
                            bestIndex = ih * g.width + iw
                            if value.isNaN { break scan }
                        }
                    }
                }
                y[out + oh * g.outWidth + ow] = best
                argmax[out + oh * g.outWidth + ow] = Int32(bestIndex)
            }
        }
    }
}

/// Routes each output gradient to the input element that was the window's maximum.
func maxPool2dBackward<T: TensorScalar>(
    _ dy: UnsafePointer<T>, argmax: UnsafePointer<Int32>, _ dx: UnsafeMutablePointer<T>, _ g: PoolGeometry
) {
    parallelItems(g.planes, work: g.planes * g.inputPlane) { plane in
        let target = dx + plane * g.inputPlane
        target.update(repeating: 0, count: g.inputPlane)
        for o in (plane * g.outputPlane)..<((plane + 1) * g.outputPlane) { target[Int(argmax[o])] += dy[o] }
    }
}

/// Window means; the divisor counts padding when `countingPadding` (PyTorch's default).
func avgPool2dForward<T: TensorScalar>(
    _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, countingPadding: Bool, _ g: PoolGeometry
) {
    parallelItems(g.planes, work: g.planes * g.outputPlane * g.kernel * g.kernel) { plane in
        let input = x + plane * g.inputPlane
        let out = y + plane * g.outputPlane
        for oh in 0..<g.outHeight {
            for ow in 0..<g.outWidth {
                let (rows, columns, paddedSize) = g.window(oh, ow)
                var total: T = 0
                for ih in rows { for iw in columns { total += input[ih * g.width + iw] } }
                let divisor = countingPadding ? paddedSize : rows.count * columns.count
                out[oh * g.outWidth + ow] = total / T(Double(Swift.max(divisor, 1)))
            }
        }
    }
}

func avgPool2dBackward<T: TensorScalar>(
    _ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, countingPadding: Bool, _ g: PoolGeometry
) {
    parallelItems(g.planes, work: g.planes * g.outputPlane * g.kernel * g.kernel) { plane in
        let target = dx + plane * g.inputPlane
        let gradient = dy + plane * g.outputPlane
        target.update(repeating: 0, count: g.inputPlane)
        for oh in 0..<g.outHeight {
            for ow in 0..<g.outWidth {
                let (rows, columns, paddedSize) = g.window(oh, ow)
                let divisor = countingPadding ? paddedSize : rows.count * columns.count
                let share = gradient[oh * g.outWidth + ow] / T(Double(Swift.max(divisor, 1)))
                for ih in rows { for iw in columns { target[ih * g.width + iw] += share } }
            }
        }
    }
}

/// PyTorch's adaptive bin `i` of `outSize` over `inSize`: `⌊i·in/out⌋ ..< ⌈(i+1)·in/out⌉`.
/// Bins overlap when `in` is not a multiple of `out`, and repeat inputs when `out > in`.
@inline(__always)
func adaptiveBin(_ i: Int, inSize: Int, outSize: Int) -> Range<Int> {
    (i * inSize / outSize)..<(((i + 1) * inSize + outSize - 1) / outSize)
}

func adaptiveAvgPool2dForward<T: TensorScalar>(
    _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, planes: Int, height: Int, width: Int, outHeight: Int,
    outWidth: Int
) {
    parallelItems(planes, work: planes * Swift.max(height * width, outHeight * outWidth)) { plane in
        let input = x + plane * height * width
        let out = y + plane * outHeight * outWidth
        for oh in 0..<outHeight {
            let rows = adaptiveBin(oh, inSize: height, outSize: outHeight)
            for ow in 0..<outWidth {
                let columns = adaptiveBin(ow, inSize: width, outSize: outWidth)
                var total: T = 0
                for ih in rows { for iw in columns { total += input[ih * width + iw] } }
                out[oh * outWidth + ow] = total / T(Double(rows.count * columns.count))
            }
        }
    }
}

func adaptiveAvgPool2dBackward<T: TensorScalar>(
    _ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, planes: Int, height: Int, width: Int, outHeight: Int,
    outWidth: Int
) {
    parallelItems(planes, work: planes * Swift.max(height * width, outHeight * outWidth)) { plane in
        let target = dx + plane * height * width
        let gradient = dy + plane * outHeight * outWidth
        target.update(repeating: 0, count: height * width)
        for oh in 0..<outHeight {
            let rows = adaptiveBin(oh, inSize: height, outSize: outHeight)
            for ow in 0..<outWidth {
                let columns = adaptiveBin(ow, inSize: width, outSize: outWidth)
                let share = gradient[oh * outWidth + ow] / T(Double(rows.count * columns.count))
                for ih in rows { for iw in columns { target[ih * width + iw] += share } }
            }
        }
    }
}

/// Mean of each contiguous plane: `[planes, size] → [planes]`.
func globalAvgPoolForward<T: TensorScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, planes: Int, size: Int)
{
    parallelItems(planes, work: planes * size) { plane in
        y[plane] = sumKernel(x + plane * size, count: size) / T(Double(Swift.max(size, 1)))
    }
}

func globalAvgPoolBackward<T: TensorScalar>(
    _ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, planes: Int, size: Int
) {
    parallelItems(planes, work: planes * size) { plane in
        (dx + plane * size).update(repeating: dy[plane] / T(Double(Swift.max(size, 1))), count: size)
    }
}

/// 1x1 convolutions on 1x1 maps (squeeze-excitation's `fc1`/`fc2`): `[N, C, 1, 1]` is the
/// matrix `[N, C]`, so each direction is one GEMM on the tensors as they lie. The general
/// path unfolds the input into `[C, N]`, stacks the gradient sample by sample and applies the
/// epilogue one element per call (MobileNetV3-Small: 18K calls per SE convolution).
extension ConvolutionGeometry {
    var isSinglePixel: Bool { isPointwise && groups == 1 && height == 1 && width == 1 && batch > 0 }
}

/// `y [N, O] = epilogue(x [N, C] · wᵀ)`.
func singlePixelConvolutionForward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, output y: UnsafeMutablePointer<T>,
    epilogue: ConvolutionEpilogueKernel<T>, _ g: ConvolutionGeometry
) {
    gemm(
        transposeB: true, m: g.batch, n: g.outChannels, k: g.inChannels, a: x, lda: g.inChannels, b: w,
        ldb: g.inChannels,
        beta: 0, c: y, ldc: g.outChannels)
    epilogue.applyInPlace(y, batch: g.batch, channels: g.outChannels, plane: 1)
}

/// `dw = dyᵀ · x`, `dx = dy · w`, `db = Σₙ dy`, each written when its pointer is given.
func singlePixelConvolutionBackward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, outputGradient dy: UnsafePointer<T>,
    inputGradient dx: UnsafeMutablePointer<T>?, weightGradient dw: UnsafeMutablePointer<T>?,
    biasGradient db: UnsafeMutablePointer<T>?, _ g: ConvolutionGeometry
) {
    let (n, c, o) = (g.batch, g.inChannels, g.outChannels)
    if let dw { gemm(transposeA: true, m: o, n: c, k: n, a: dy, lda: o, b: x, ldb: c, beta: 0, c: dw, ldc: c) }
    if let dx { gemm(m: n, n: c, k: o, a: dy, lda: o, b: w, ldb: c, beta: 0, c: dx, ldc: c) }
    if let db {
        for channel in 0..<o {
            var total: T = 0
            for sample in 0..<n { total += dy[sample * o + channel] }
            db[channel] = total
        }
    }
}

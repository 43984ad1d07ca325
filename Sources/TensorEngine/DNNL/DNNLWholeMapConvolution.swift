/// A convolution on maps so small that every output pixel reads every input pixel (a 3x3,
/// padding-1 convolution on a 2x2 map: ResNet18's layer3 and layer4 on 32-px images at last
/// stride 1), as the GEMMs of its pixel pairs on channels-last buffers: activations
/// `[batch, pixel, channel]`, weights `[out, tap, in]`.
///
/// Output pixel `p` is `y_p = Σ_q x_q · w_tap(p,q)ᵀ`, each term one `DNNLGEMM`, so the three
/// passes do exactly the convolution's multiply-adds, where oneDNN's direct kernels also pay
/// for the taps that fall on padding (5 of 9 per output on a 2x2 map) and run the weight
/// gradient at half their forward's rate. Measured (1 thread, CPU ms, forward + input gradient
/// + weight gradient, oneDNN direct → these GEMMs, the reorders both need left out): 512
/// channels, batch 64, 27.4 → 9.9; batch 24, 10.7 → 4.8; 256 → 512, batch 64, 13.2 → 4.6; 256,
/// batch 64, 4.6 → 2.2. Each pass groups its GEMMs by the block they write
/// (`DNNLEngine.runningGEMMs`).
struct DNNLWholeMapConvolution {
    let g: ConvolutionGeometry
    /// For each output pixel `p`, the `(q, tap)` of the input pixels it reads.
    private let reads: [[(q: Int, t: Int)]]
    private var taps: Int { g.kernelHeight * g.kernelWidth }

    /// The GEMMs of a convolution that `seesWholeMap`.
    init(_ g: ConvolutionGeometry) {
        self.g = g
        reads = (0..<g.outputPlane).map { p in
            (0..<g.inputPlane).compactMap { q in g.tap(output: p, input: q).map { (q, $0) } }
        }
    }

    /// `y_p = Σ_q x_q · w_tap(p,q)ᵀ + b`, `b` `[out]` or nil.
    func forward(
        _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, bias b: UnsafePointer<Float>?,
        _ y: UnsafeMutablePointer<Float>
    ) throws {
        let (c, o) = (g.inChannels, g.outChannels)
        try DNNLEngine.shared().runningGEMMs(groups: g.outputPlane) { p, gemm in
            for (index, (q, t)) in reads[p].enumerated() {
                try gemm(
                    transposeB: true, m: g.batch, n: o, k: c, a: x + q * c, lda: g.inputPlane * c, b: w + t * c,
                    ldb: taps * c, beta: index == 0 ? 0 : 1, c: y + p * o, ldc: g.outputPlane * o)
            }
        }
        guard let b else { return }
        for row in 0..<g.batch * g.outputPlane {
            for channel in 0..<o { y[row * o + channel] += b[channel] }
        }
    }

    /// `dx_q = Σ_p dy_p · w_tap(p,q)`.
    func backwardData(_ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>) throws {
        let (c, o) = (g.inChannels, g.outChannels)
        let readers = (0..<g.inputPlane).map { q in
            reads.enumerated().flatMap { p, pixels in pixels.filter { $0.q == q }.map { (p: p, t: $0.t) } }
        }
        try DNNLEngine.shared().runningGEMMs(groups: g.inputPlane) { q, gemm in
            for (index, (p, t)) in readers[q].enumerated() {
                try gemm(
                    m: g.batch, n: c, k: o, a: dy + p * o, lda: g.outputPlane * o, b: w + t * c, ldb: taps * c,
                    beta: index == 0 ? 0 : 1, c: dx + q * c, ldc: g.inputPlane * c)
            }
        }
    }

    /// `dw_t = Σ_(p,q): tap(p,q) = t dy_pᵀ · x_q`; the taps no pair goes through get zero.
    func backwardWeights(
        _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dw: UnsafeMutablePointer<Float>
    ) throws {
        let (c, o) = (g.inChannels, g.outChannels)
        let pairs = (0..<taps).map { t in
            reads.enumerated().flatMap { p, pixels in pixels.filter { $0.t == t }.map { (p: p, q: $0.q) } }
        }
        try DNNLEngine.shared().runningGEMMs(groups: taps) { t, gemm in
            guard !pairs[t].isEmpty else {
                for output in 0..<o { (dw + (output * taps + t) * c).update(repeating: 0, count: c) }
                return
            }
            for (index, (p, q)) in pairs[t].enumerated() {
                try gemm(
                    transposeA: true, m: o, n: c, k: g.batch, a: dy + p * o, lda: g.outputPlane * o, b: x + q * c,
                    ldb: g.inputPlane * c, beta: index == 0 ? 0 : 1, c: dw + t * c, ldc: taps * c)
            }
        }
    }
}

extension ConvolutionGeometry {
    /// `db[o] = Σ_n Σ_p dy[n, o, p]`, from the output gradient in AIRS's `[batch, out, h, w]`.
    func biasGradient(_ dy: UnsafePointer<Float>, _ db: UnsafeMutablePointer<Float>) {
        for channel in 0..<outChannels {
            var total: Float = 0
            for sample in 0..<batch {
                let first = dy + (sample * outChannels + channel) * outputPlane
                for pixel in 0..<outputPlane { total += first[pixel] }
            }
            db[channel] = total
        }
    }

    /// Whether every output pixel reads every input pixel through some kernel tap, with at
    /// most 16 such pairs (one GEMM each per pass): `DNNLWholeMapConvolution`.
    var seesWholeMap: Bool {
        groups == 1 && inputPlane * outputPlane <= 16
            && (0..<outputPlane).allSatisfy { p in (0..<inputPlane).allSatisfy { tap(output: p, input: $0) != nil } }
    }

    /// The kernel tap `ky·kw + kx` through which output pixel `p` reads input pixel `q`, or
    /// nil when none does.
    func tap(output p: Int, input q: Int) -> Int? {
        func offset(_ output: Int, _ input: Int, _ kernel: Int) -> Int? {
            let distance = input + padding - output * stride
            guard distance >= 0, distance % dilation == 0, distance / dilation < kernel else { return nil }
            return distance / dilation
        }
        guard let ky = offset(p / outWidth, q / width, kernelHeight),
            let kx = offset(p % outWidth, q % width, kernelWidth)
        else { return nil }
        return ky * kernelWidth + kx
    }
}

/// A 3x3, stride-1, padding-1 convolution on small even maps as Winograd F(2x2, 3x3): each
/// 2x2 output tile reads a 4x4 input tile, and the 16 points of the transformed tiles are 16
/// independent GEMMs on oneDNN's `DNNLGEMM` (grouped by `DNNLEngine.runningGEMMs`), 2.25x
/// fewer multiply-adds than the direct convolution. The transforms are adds and halves, so the
/// results differ from the direct sums within fp32 rounding.
///
/// Layouts: transformed weights `U` `[16, out, in]`, transformed input tiles `V`
/// `[16, in, batch·tiles]`, transformed outputs `[16, out, batch·tiles]`; the activations stay
/// AIRS's `[batch, channels, height, width]`, so nothing is reordered. The input gradient is
/// the forward's adjoint (`dV = Uᵀ·dM`, the tiles' `B·dV·Bᵀ` added where they overlap) and the
/// weight gradient `dU = dM·Vᵀ`, `dW = Gᵀ·dU·G`, where `dM` is the output gradient's `A·dy·Aᵀ`:
/// one transform of the output gradient feeds both, and `U` and `V` come from the forward.
struct DNNLWinogradF2Convolution {
    let g: ConvolutionGeometry
    private var tileColumns: Int { g.width / 2 }
    private var tiles: Int { g.height / 2 * tileColumns }
    /// Columns of the transformed activations: one per tile of every image.
    var columns: Int { g.batch * tiles }
    /// Elements of `U`.
    var weightsCount: Int { 16 * g.outChannels * g.inChannels }
    /// Elements of `V` and of the transformed input gradient.
    var inputCount: Int { 16 * g.inChannels * columns }
    /// Elements of the transformed output and of the transformed output gradient `dM`.
    var outputCount: Int { 16 * g.outChannels * columns }

    /// The passes of a convolution that `runsWinogradF2`.
    init(_ g: ConvolutionGeometry) { self.g = g }

    /// `U[ξ, o, c] = (G·w[o, c]·Gᵀ)[ξ]` from `w` `[out, in, 3, 3]`.
    func transformWeights(_ w: UnsafePointer<Float>, _ u: UnsafeMutablePointer<Float>) {
        let pairs = g.outChannels * g.inChannels
        parallelChunks(pairs, minimum: 1 << 14) { start, end in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 16) { scratch in
                for pair in start..<end {
                    WinogradF2.transform(
                        WinogradF2.Kernel.self, from: w + pair * 9, rowStride: 3, columnStride: 1, to: u + pair,
                        rowStride: 4 * pairs, columnStride: pairs, scratch: scratch.baseAddress!)
                }
            }
        }
    }

    /// `y = Aᵀ·(U ⊙ V)·A + b` tile by tile, with `V = Bᵀ·x·B` written to `v` (`inputCount`
    /// elements) for the weight gradient and `products` (`outputCount`) as scratch. `x` is
    /// `[batch, in, h, w]`, `y` `[batch, out, h, w]`, `bias` `[out]` or nil.
    func forward(
        _ x: UnsafePointer<Float>, _ u: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        _ v: UnsafeMutablePointer<Float>, products: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>
    ) throws {
        let (c, o, m) = (g.inChannels, g.outChannels, columns)
        forEachPlane(of: c) { image, channel, padded, scratch in
            copy(x + (image * c + channel) * g.inputPlane, into: padded)
            for tile in 0..<tiles {
                WinogradF2.transform(
                    WinogradF2.Input.self, from: padded + corner(tile, rowStride: paddedWidth), rowStride: paddedWidth,
                    columnStride: 1, to: v + channel * m + image * tiles + tile, rowStride: 4 * c * m,
                    columnStride: c * m, scratch: scratch)
            }
        }
        try DNNLEngine.shared().runningGEMMs(groups: 16) { point, gemm in
            try gemm(
                m: o, n: m, k: c, a: u + point * o * c, lda: c, b: v + point * c * m, ldb: m, beta: 0,
                c: products + point * o * m, ldc: m)
        }
        forEachPlane(of: o) { image, channel, _, scratch in
            let out = y + (image * o + channel) * g.inputPlane
            for tile in 0..<tiles {
                let corner = out + corner(tile, rowStride: g.width)
                WinogradF2.transform(
                    WinogradF2.Output.self, from: products + channel * m + image * tiles + tile, rowStride: 4 * o * m,
                    columnStride: o * m, to: corner, rowStride: g.width, columnStride: 1, scratch: scratch)
                guard let bias else { continue }
                for offset in [0, 1, g.width, g.width + 1] { corner[offset] += bias[channel] }
            }
        }
    }

    /// `dM = A·dy·Aᵀ` (`outputCount` elements) from `dy` `[batch, out, h, w]`.
    func transformOutputGradient(_ dy: UnsafePointer<Float>, _ dm: UnsafeMutablePointer<Float>) {
        let (o, m) = (g.outChannels, columns)
        forEachPlane(of: o) { image, channel, _, scratch in
            let plane = dy + (image * o + channel) * g.inputPlane
            for tile in 0..<tiles {
                WinogradF2.transform(
                    WinogradF2.OutputAdjoint.self, from: plane + corner(tile, rowStride: g.width), rowStride: g.width,
                    columnStride: 1, to: dm + channel * m + image * tiles + tile, rowStride: 4 * o * m,
                    columnStride: o * m, scratch: scratch)
            }
        }
    }

    /// `dx` `[batch, in, h, w]`: `dV = Uᵀ·dM` into `scratch` (`inputCount` elements), then each
    /// tile's `B·dV·Bᵀ` added into the padded map, whose border is dropped.
    func backwardData(
        _ dm: UnsafePointer<Float>, _ u: UnsafePointer<Float>, scratch dv: UnsafeMutablePointer<Float>,
        _ dx: UnsafeMutablePointer<Float>
    ) throws {
        let (c, o, m) = (g.inChannels, g.outChannels, columns)
        try DNNLEngine.shared().runningGEMMs(groups: 16) { point, gemm in
            try gemm(
                transposeA: true, m: c, n: m, k: o, a: u + point * o * c, lda: c, b: dm + point * o * m, ldb: m,
                beta: 0, c: dv + point * c * m, ldc: m)
        }
        forEachPlane(of: c) { image, channel, padded, scratch in
            padded.update(repeating: 0, count: paddedWidth * (g.height + 2))
            let sum = scratch + 16
            for tile in 0..<tiles {
                WinogradF2.transform(
                    WinogradF2.InputAdjoint.self, from: dv + channel * m + image * tiles + tile, rowStride: 4 * c * m,
                    columnStride: c * m, to: sum, rowStride: 4, columnStride: 1, scratch: scratch)
                // Neighbouring tiles overlap by two pixels: each adds its share.
                let base = padded + corner(tile, rowStride: paddedWidth)
                for row in 0..<4 {
                    for column in 0..<4 { base[row * paddedWidth + column] += sum[row * 4 + column] }
                }
            }
            let out = dx + (image * c + channel) * g.inputPlane
            for row in 0..<g.height {
                (out + row * g.width).update(from: padded + (row + 1) * paddedWidth + 1, count: g.width)
            }
        }
    }

    /// `dw` `[out, in, 3, 3]` as `Gᵀ·dU·G`, with `dU = dM·Vᵀ` in `scratch` (`weightsCount`).
    func backwardWeights(
        _ dm: UnsafePointer<Float>, _ v: UnsafePointer<Float>, scratch du: UnsafeMutablePointer<Float>,
        _ dw: UnsafeMutablePointer<Float>
    ) throws {
        let (c, o, m) = (g.inChannels, g.outChannels, columns)
        try DNNLEngine.shared().runningGEMMs(groups: 16) { point, gemm in
            try gemm(
                transposeB: true, m: o, n: c, k: m, a: dm + point * o * m, lda: m, b: v + point * c * m, ldb: m,
                beta: 0, c: du + point * o * c, ldc: c)
        }
        let pairs = o * c
        parallelChunks(pairs, minimum: 1 << 14) { start, end in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 16) { scratch in
                for pair in start..<end {
                    WinogradF2.transform(
                        WinogradF2.KernelAdjoint.self, from: du + pair, rowStride: 4 * pairs, columnStride: pairs,
                        to: dw + pair * 9, rowStride: 3, columnStride: 1, scratch: scratch.baseAddress!)
                }
            }
        }
    }

    private var paddedWidth: Int { g.width + 2 }

    /// The offset of a tile's top-left pixel in a plane of rows `rowStride` apart: in the
    /// padded plane its input tile's, in the plane itself its output tile's.
    private func corner(_ tile: Int, rowStride: Int) -> Int {
        let (row, column) = tile.quotientAndRemainder(dividingBy: tileColumns)
        return 2 * row * rowStride + 2 * column
    }

    /// Copies a `[h, w]` plane into the inside of a zero-bordered `[h + 2, w + 2]` one.
    private func copy(_ plane: UnsafePointer<Float>, into padded: UnsafeMutablePointer<Float>) {
        for row in 0..<g.height {
            (padded + (row + 1) * paddedWidth + 1).update(from: plane + row * g.width, count: g.width)
        }
    }

    /// Runs `body(image, channel, padded, scratch)` for every plane of a `[batch, channels, h,
    /// w]` map, in parallel over planes: `padded` holds `[h + 2, w + 2]` floats whose border
    /// is zero unless `body` wrote it, `scratch` 32 floats.
    private func forEachPlane(
        of channels: Int,
        _ body: (
            _ image: Int, _ channel: Int, _ padded: UnsafeMutablePointer<Float>, _ scratch: UnsafeMutablePointer<Float>
        ) -> Void
    ) {
        let paddedCount = paddedWidth * (g.height + 2)
        parallelChunks(g.batch * channels, minimum: 64) { start, end in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: paddedCount + 32) { buffer in
                let padded = buffer.baseAddress!
                padded.initialize(repeating: 0, count: paddedCount)
                for plane in start..<end {
                    let (image, channel) = plane.quotientAndRemainder(dividingBy: channels)
                    body(image, channel, padded, padded + paddedCount)
                }
            }
        }
    }
}

extension ConvolutionGeometry {
    /// Whether the convolution runs as `DNNLWinogradF2Convolution`: ungrouped, 3x3, stride 1,
    /// padding 1, undilated, on even maps of at most 4x4 pixels. A static rule of the shapes,
    /// never a timing, so a run always takes the same kernels.
    var runsWinogradF2: Bool {
        groups == 1 && kernelHeight == 3 && kernelWidth == 3 && stride == 1 && padding == 1 && dilation == 1
            && height % 2 == 0 && width % 2 == 0 && inputPlane <= 16 && !seesWholeMap
    }
}

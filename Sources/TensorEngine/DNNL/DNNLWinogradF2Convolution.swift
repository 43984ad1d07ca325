/// A 3x3, stride-1, padding-1 convolution on small even maps as Winograd F(2x2, 3x3): each
/// 2x2 output tile reads a 4x4 input tile, and the 16 points of the transformed tiles are 16
/// independent GEMMs on oneDNN's `DNNLGEMM` (grouped by `DNNLEngine.runningGEMMs`), 2.25x
/// fewer multiply-adds than the direct convolution. The transforms are adds and halves, so the
/// results differ from the direct sums within fp32 rounding.
///
/// Layouts: transformed weights `U` `[out, 16, in]`, transformed input tiles `V`
/// `[in, 16, batch·tiles]`, transformed outputs `[out, 16, batch·tiles]` (the 16 GEMMs read
/// and write them at a row stride of 16 rows, so that a transform's 16 points of a row lie in
/// one contiguous block rather than 16 far-apart ones that share cache sets); the activations stay
/// AIRS's `[batch, channels, height, width]`, so nothing is reordered. The input gradient is
/// the forward's adjoint (`dV = Uᵀ·dM`, the tiles' `B·dV·Bᵀ` added where they overlap) and the
/// weight gradient `dU = dM·Vᵀ`, `dW = Gᵀ·dU·G`, where `dM` is the output gradient's `A·dy·Aᵀ`:
/// one transform of the output gradient feeds both, and `U` and `V` come from the forward.
///
/// Measured (8 Dec, release, 1 thread, process CPU ms of `airs-bench conv --size 4`, forward +
/// both gradients, oneDNN's direct forward and input gradient and its Winograd weight gradient
/// with their weight reorders cached → this, which transforms its weights on every call): 512
/// channels, batch 24, 32.4–39.8 → 24.1–25.6; batch 32, 37.7–38.4 → 28.4–28.6; 256, batch 24,
/// 6.5–9.1 → 5.3–5.9; 256 → 512, batch 24, 12.9–14.4 (forward about 5, each gradient about 3.5
/// more). In a ResNet18 Teacher step (last stride 1, 64 px, batch 24), where oneDNN also
/// reorders the weights on every step, 0.140 → 0.118 s at 2 threads, about even at 1.
struct DNNLWinogradF2Convolution {
    let g: ConvolutionGeometry
    private var tiles: Int { g.height / 2 * (g.width / 2) }
    /// Columns of the transformed activations: one per tile of every image.
    var columns: Int { g.batch * tiles }
    /// Elements of `U`.
    var weightsCount: Int { 16 * g.outChannels * g.inChannels }
    /// Elements of `V` and of the transformed input gradient.
    var inputCount: Int { 16 * g.inChannels * columns }
    /// Elements of the transformed output and of the transformed output gradient `dM`.
    var outputCount: Int { 16 * g.outChannels * columns }
    /// For each tile, the offsets in the plane of its 4x4 input tile's pixels, -1 on padding.
    private let inputOffsets: [Int]
    /// For each tile, the offsets in the plane of its 2x2 output tile's pixels.
    private let outputOffsets: [Int]

    /// The passes of a convolution that `runsWinogradF2`.
    init(_ g: ConvolutionGeometry) {
        self.g = g
        let corners = (0..<g.height / 2).flatMap { row in (0..<g.width / 2).map { (2 * row, 2 * $0) } }
        inputOffsets = corners.flatMap { top, left in
            (0..<16).map { point in
                let (row, column) = (top + point / 4 - 1, left + point % 4 - 1)
                return (0..<g.height).contains(row) && (0..<g.width).contains(column) ? row * g.width + column : -1
            }
        }
        outputOffsets = corners.flatMap { top, left in (0..<4).map { (top + $0 / 2) * g.width + left + $0 % 2 } }
    }

    /// `U[o, ξ, c] = (G·w[o, c]·Gᵀ)[ξ]` from `w` `[out, in, 3, 3]`.
    func transformWeights(_ w: UnsafePointer<Float>, _ u: UnsafeMutablePointer<Float>) {
        let c = g.inChannels
        forEachBlock(of: c, in: g.outChannels) { output, first, count, lanes in
            // One sequential copy of the block's kernels, then lanes built in registers:
            // gathering straight from the weights defeated the prefetcher, and reloading
            // scalar stores as vectors stalled (together 3x slower in a training step).
            lanes.staged.update(from: w + (output * c + first) * 9, count: count * 9)
            for tap in 0..<9 { lanes.input[tap] = gather(lanes.staged + tap, stride: 9, count) }
            lanes.transform(WinogradF2.Kernel.self, staged: 0)
            for point in 0..<16 { store(lanes.output[point], u + (output * 16 + point) * c + first, count) }
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
        inputOffsets.withUnsafeBufferPointer { offsets in
            forEachBlock(of: m, in: c) { channel, first, count, lanes in
                for lane in 0..<count {
                    let (image, tile) = (first + lane).quotientAndRemainder(dividingBy: tiles)
                    let plane = x + (image * c + channel) * g.inputPlane
                    for point in 0..<16 {
                        let offset = offsets[tile * 16 + point]
                        lanes.staged[point * 16 + lane] = offset >= 0 ? plane[offset] : 0
                    }
                }
                lanes.transform(WinogradF2.Input.self, staged: 16)
                for point in 0..<16 { store(lanes.output[point], v + (channel * 16 + point) * m + first, count) }
            }
        }
        try DNNLEngine.shared().runningGEMMs(groups: 16) { point, gemm in
            try gemm(
                m: o, n: m, k: c, a: u + point * c, lda: 16 * c, b: v + point * m, ldb: 16 * m, beta: 0,
                c: products + point * m, ldc: 16 * m)
        }
        outputOffsets.withUnsafeBufferPointer { offsets in
            forEachBlock(of: m, in: o) { channel, first, count, lanes in
                for point in 0..<16 { lanes.input[point] = load(products + (channel * 16 + point) * m + first, count) }
                lanes.transform(WinogradF2.Output.self, staging: 4)
                let shift = bias?[channel] ?? 0
                for lane in 0..<count {
                    let (image, tile) = (first + lane).quotientAndRemainder(dividingBy: tiles)
                    let plane = y + (image * o + channel) * g.inputPlane
                    for pixel in 0..<4 { plane[offsets[tile * 4 + pixel]] = lanes.staged[pixel * 16 + lane] + shift }
                }
            }
        }
    }

    /// `dM = A·dy·Aᵀ` (`outputCount` elements) from `dy` `[batch, out, h, w]`.
    func transformOutputGradient(_ dy: UnsafePointer<Float>, _ dm: UnsafeMutablePointer<Float>) {
        let (o, m) = (g.outChannels, columns)
        outputOffsets.withUnsafeBufferPointer { offsets in
            forEachBlock(of: m, in: o) { channel, first, count, lanes in
                for lane in 0..<count {
                    let (image, tile) = (first + lane).quotientAndRemainder(dividingBy: tiles)
                    let plane = dy + (image * o + channel) * g.inputPlane
                    for pixel in 0..<4 { lanes.staged[pixel * 16 + lane] = plane[offsets[tile * 4 + pixel]] }
                }
                lanes.transform(WinogradF2.OutputAdjoint.self, staged: 4)
                for point in 0..<16 { store(lanes.output[point], dm + (channel * 16 + point) * m + first, count) }
            }
        }
    }

    /// `dx` `[batch, in, h, w]`: `dV = Uᵀ·dM` into `scratch` (`inputCount` elements), then each
    /// tile's `B·dV·Bᵀ` added into the map, but for the pixels on the padding.
    func backwardData(
        _ dm: UnsafePointer<Float>, _ u: UnsafePointer<Float>, scratch dv: UnsafeMutablePointer<Float>,
        _ dx: UnsafeMutablePointer<Float>
    ) throws {
        let (c, o, m) = (g.inChannels, g.outChannels, columns)
        try DNNLEngine.shared().runningGEMMs(groups: 16) { point, gemm in
            try gemm(
                transposeA: true, m: c, n: m, k: o, a: u + point * c, lda: 16 * c, b: dm + point * m, ldb: 16 * m,
                beta: 0, c: dv + point * m, ldc: 16 * m)
        }
        inputOffsets.withUnsafeBufferPointer { offsets in
            forEachBlock(of: m, in: c) { channel, first, count, lanes in
                if first == 0 {
                    for image in 0..<g.batch {
                        (dx + (image * c + channel) * g.inputPlane).update(repeating: 0, count: g.inputPlane)
                    }
                }
                for point in 0..<16 { lanes.input[point] = load(dv + (channel * 16 + point) * m + first, count) }
                lanes.transform(WinogradF2.InputAdjoint.self, staging: 16)
                // Neighbouring tiles overlap by two pixels: each adds its share.
                for lane in 0..<count {
                    let (image, tile) = (first + lane).quotientAndRemainder(dividingBy: tiles)
                    let plane = dx + (image * c + channel) * g.inputPlane
                    for point in 0..<16 {
                        let offset = offsets[tile * 16 + point]
                        if offset >= 0 { plane[offset] += lanes.staged[point * 16 + lane] }
                    }
                }
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
                transposeB: true, m: o, n: c, k: m, a: dm + point * m, lda: 16 * m, b: v + point * m, ldb: 16 * m,
                beta: 0, c: du + point * c, ldc: 16 * c)
        }
        forEachBlock(of: c, in: o) { output, first, count, lanes in
            for point in 0..<16 { lanes.input[point] = load(du + (output * 16 + point) * c + first, count) }
            lanes.transform(WinogradF2.KernelAdjoint.self, staging: 9)
            // Kernels assembled in cache, then written in one sequential copy.
            let kernels = lanes.staged + 144
            for lane in 0..<count {
                for tap in 0..<9 { kernels[lane * 9 + tap] = lanes.staged[tap * 16 + lane] }
            }
            (dw + (output * c + first) * 9).update(from: kernels, count: count * 9)
        }
    }

    /// Runs `body(row, first, count, lanes)` for every block of up to 16 consecutive columns
    /// `first..<first + count` of each of `rows` rows of `columns` items, in parallel over rows.
    private func forEachBlock(
        of columns: Int, in rows: Int, _ body: (_ row: Int, _ first: Int, _ count: Int, _ lanes: WinogradLanes) -> Void
    ) {
        parallelChunks(rows, minimum: 16) { start, end in
            WinogradLanes.with { lanes in
                for row in start..<end {
                    for first in stride(from: 0, to: columns, by: 16) {
                        body(row, first, min(16, columns - first), lanes)
                    }
                }
            }
        }
    }
}

/// The 16 lanes of a block of tiles being transformed: `staged` `[point, lane]` floats for the
/// spatial side, read and written a pixel at a time (288 floats: room for 16 kernels besides);
/// `input` and `output` tiles of `Lanes`.
struct WinogradLanes {
    let staged: UnsafeMutablePointer<Float>
    let input: UnsafeMutablePointer<Lanes>, output: UnsafeMutablePointer<Lanes>
    private let scratch: UnsafeMutablePointer<Lanes>

    /// Runs `body` with zeroed buffers that live as long as it runs.
    static func with(_ body: (WinogradLanes) -> Void) {
        withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 48) { tiles in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 288) { staged in
                let base = tiles.baseAddress!
                base.initialize(repeating: .zero, count: 48)
                staged.initialize(repeating: 0)
                body(WinogradLanes(staged: staged.baseAddress!, input: base, output: base + 16, scratch: base + 32))
            }
        }
    }

    /// `output = L·input·Lᵀ`, after loading `input`'s first `staged` points from `staged`.
    func transform<L: WinogradLine>(_ line: L.Type, staged points: Int) {
        for point in 0..<points { input[point] = load(staged + point * 16, 16) }
        WinogradF2.transform(line, input, output, scratch: scratch)
    }

    /// `output = L·input·Lᵀ`, then `output`'s first `staging` points copied to `staged`.
    func transform<L: WinogradLine>(_ line: L.Type, staging points: Int) {
        WinogradF2.transform(line, input, output, scratch: scratch)
        for point in 0..<points { store(output[point], staged + point * 16, 16) }
    }
}

/// The first `count` lanes from `p`, `stride` apart, the rest zero; a full block built in
/// registers.
@inline(__always)
private func gather(_ p: UnsafePointer<Float>, stride s: Int, _ count: Int) -> Lanes {
    guard count == 16 else {
        var lanes = Lanes()
        for lane in 0..<count { lanes[lane] = p[lane * s] }
        return lanes
    }
    return Lanes(
        p[0], p[s], p[2 * s], p[3 * s], p[4 * s], p[5 * s], p[6 * s], p[7 * s], p[8 * s], p[9 * s], p[10 * s],
        p[11 * s], p[12 * s], p[13 * s], p[14 * s], p[15 * s])
}

/// The first `count` lanes from `p`, the rest zero.
@inline(__always)
private func load(_ p: UnsafePointer<Float>, _ count: Int) -> Lanes {
    if count == 16 { return UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) }
    var lanes = Lanes()
    for lane in 0..<count { lanes[lane] = p[lane] }
    return lanes
}

/// Writes the first `count` lanes to `p`.
@inline(__always)
private func store(_ lanes: Lanes, _ p: UnsafeMutablePointer<Float>, _ count: Int) {
    if count == 16 { return UnsafeMutableRawPointer(p).storeBytes(of: lanes, as: Lanes.self) }
    for lane in 0..<count { p[lane] = lanes[lane] }
}

extension ConvolutionGeometry {
    /// Whether the convolution runs as `DNNLWinogradF2Convolution`: ungrouped, 3x3, stride 1,
    /// padding 1, undilated, on even maps of at most 4x4 pixels but for the 2x2 maps
    /// `DNNLWholeMapConvolution` takes. A static rule of the shapes, never a timing, so a run
    /// always takes the same kernels. Maps of 8x8 and up stay on oneDNN's Winograd F(4x4, 3x3),
    /// which does 4x fewer multiplies than the direct convolution to this one's 2.25x there
    /// (not measured against this one).
    var runsWinogradF2: Bool {
        groups == 1 && kernelHeight == 3 && kernelWidth == 3 && stride == 1 && padding == 1 && dilation == 1
            && height % 2 == 0 && width % 2 == 0 && inputPlane <= 16 && !seesWholeMap
    }
}

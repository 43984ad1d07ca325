/// Depthwise convolution with one filter per channel (`outChannels == inChannels`, every
/// MobileNet) on blocks of `lanes` channels moved to a zero-padded channels-last scratch
/// `[Hp, Wp, lanes]`: each tap is then one SIMD multiply-add per output position with no
/// bounds checks and no junk columns. MobileNetV3's planes are 8x8 down to 4x4, where the
/// plane-at-a-time loops spend their time on loop overhead instead of arithmetic.
///
/// Each output sums the bias and then the taps in row-major order, and each input gradient
/// sums its taps in the same order, as the plane-at-a-time kernels do: results are equal bit
/// for bit. Taps that fall on the padding are skipped (the plane kernels add `w·0` there):
/// on a 4x4 map a 5x5 kernel has half its taps outside.
struct ChannelsLastDepthwise<T: TensorScalar> {
    typealias Vector = SIMD8<T>
    static var lanes: Int { Vector.scalarCount }

    let g: ConvolutionGeometry
    var paddedWidth: Int { g.width + 2 * g.padding }
    var paddedCount: Int { (g.height + 2 * g.padding) * paddedWidth }
    var taps: Int { g.kernelHeight * g.kernelWidth }
    var blocks: Int { (g.outChannels + Self.lanes - 1) / Self.lanes }
    /// For each output row (column), the kernel rows (columns) that land inside the image.
    let kernelRows: [Range<Int>], kernelColumns: [Range<Int>]
    /// For each kernel row (column), the output rows (columns) it reads inside the image.
    let outputRows: [Range<Int>], outputColumns: [Range<Int>]

    init(g: ConvolutionGeometry) {
        self.g = g
        func inside(_ output: Int, _ tap: Int, _ size: Int) -> Bool {
            let position = output * g.stride + tap * g.dilation - g.padding
            return position >= 0 && position < size
        }
        // The positions inside form one run, as `position` grows with either index.
        func run(_ count: Int, _ isInside: (Int) -> Bool) -> Range<Int> {
            guard let first = (0..<count).first(where: isInside) else { return 0..<0 }
            return first..<((first..<count).first(where: { !isInside($0) }) ?? count)
        }
        kernelRows = (0..<g.outHeight).map { r in run(g.kernelHeight) { inside(r, $0, g.height) } }
        kernelColumns = (0..<g.outWidth).map { c in run(g.kernelWidth) { inside(c, $0, g.width) } }
        outputRows = (0..<g.kernelHeight).map { i in run(g.outHeight) { inside($0, i, g.height) } }
        outputColumns = (0..<g.kernelWidth).map { j in run(g.outWidth) { inside($0, j, g.width) } }
    }

    /// Channels `block·lanes ..< +lanes` of image `n`, as `(first plane index, valid lanes)`.
    func channels(_ n: Int, _ block: Int) -> (plane: Int, count: Int) {
        let first = block * Self.lanes
        return (n * g.outChannels + first, Swift.min(Self.lanes, g.outChannels - first))
    }

    /// Writes `count` planes `[H, W]` from `source` into the interior lanes of `padded`.
    func gather(_ source: UnsafePointer<T>, count: Int, into padded: UnsafeMutablePointer<Vector>) {
        if count == Self.lanes {
            // A whole vector per position: one store instead of eight scalar ones.
            for h in 0..<g.height {
                let row = padded + (h + g.padding) * paddedWidth + g.padding
                for w in 0..<g.width { row[w] = Self.vector(source + h * g.width + w, step: g.inputPlane) }
            }
            return
        }
        let scalars = UnsafeMutableRawPointer(padded).assumingMemoryBound(to: T.self)
        for lane in 0..<count {
            let plane = source + lane * g.inputPlane
            for h in 0..<g.height {
                let row = scalars + ((h + g.padding) * paddedWidth + g.padding) * Self.lanes + lane
                let input = plane + h * g.width
                for w in 0..<g.width { row[w * Self.lanes] = input[w] }
            }
        }
    }

    /// `(p[0], p[step], …, p[7·step])`.
    @inline(__always)
    static func vector(_ p: UnsafePointer<T>, step: Int) -> Vector {
        Vector(p[0], p[step], p[2 &* step], p[3 &* step], p[4 &* step], p[5 &* step], p[6 &* step], p[7 &* step])
    }

    /// Writes `count` output planes `[OH, OW]` from `source` into the lanes of `rows [OH·OW]`.
    func gatherOutput(_ source: UnsafePointer<T>, count: Int, into rows: UnsafeMutablePointer<Vector>) {
        if count == Self.lanes {
            for q in 0..<g.outputPlane { rows[q] = Self.vector(source + q, step: g.outputPlane) }
            return
        }
        let scalars = UnsafeMutableRawPointer(rows).assumingMemoryBound(to: T.self)
        for lane in 0..<count {
            let plane = source + lane * g.outputPlane
            for q in 0..<g.outputPlane { scalars[q * Self.lanes + lane] = plane[q] }
        }
    }

    /// The filters of one block, tap-major: `vectors[tap][lane]`; absent lanes are zero.
    func filters(_ w: UnsafePointer<T>, block: Int, into vectors: UnsafeMutablePointer<Vector>) {
        let first = block * Self.lanes
        let count = Swift.min(Self.lanes, g.outChannels - first)
        for tap in 0..<taps {
            var v = Vector(repeating: 0)
            for lane in 0..<count { v[lane] = w[(first + lane) * taps + tap] }
            vectors[tap] = v
        }
    }

    static func scratch(_ count: Int) -> UnsafeMutablePointer<Vector> {
        let buffer = UnsafeMutablePointer<Vector>.allocate(capacity: Swift.max(1, count))
        buffer.initialize(repeating: Vector(repeating: 0), count: Swift.max(1, count))
        return buffer
    }
}

func channelsLastDepthwiseForward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, bias: UnsafePointer<T>?,
    output y: UnsafeMutablePointer<T>, _ g: ConvolutionGeometry
) {
    let k = ChannelsLastDepthwise<T>(g: g)
    let lanes = ChannelsLastDepthwise<T>.lanes
    let taps = k.taps
    let s = g.stride
    let d = g.dilation
    let pw = k.paddedWidth
    let kw = g.kernelWidth
    let (oh, ow) = (g.outHeight, g.outWidth)
    parallelRanges(g.batch * k.blocks, work: g.batch * g.outChannels * g.outputPlane * taps) { items in
        typealias K = ChannelsLastDepthwise<T>
        let padded = K.scratch(k.paddedCount)
        let sums = K.scratch(g.outputPlane)
        let filters = K.scratch(taps)
        defer {
            padded.deallocate()
            sums.deallocate()
            filters.deallocate()
        }
        var loadedBlock = -1
        for item in items {
            let (n, block) = (item / k.blocks, item % k.blocks)
            let (plane, count) = k.channels(n, block)
            if block != loadedBlock {
                k.filters(w, block: block, into: filters)
                loadedBlock = block
            }
            var start = K.Vector(repeating: 0)
            if let bias { for lane in 0..<count { start[lane] = bias[block * lanes + lane] } }
            k.gather(x + plane * g.inputPlane, count: count, into: padded)
            for r in 0..<oh {
                let kernelRows = k.kernelRows[r]
                for c in 0..<ow {
                    let kernelColumns = k.kernelColumns[c]
                    let origin = padded + (r &* s &* pw &+ c &* s)
                    var total = start
                    for i in kernelRows {
                        let line = origin + i &* d &* pw
                        let weights = filters + i &* kw
                        for j in kernelColumns { total += weights[j] * line[j &* d] }
                    }
                    sums[r &* ow &+ c] = total
                }
            }
            let scalars = UnsafeMutableRawPointer(sums).assumingMemoryBound(to: T.self)
            for lane in 0..<count {
                let out = y + (plane + lane) * g.outputPlane
                for q in 0..<g.outputPlane { out[q] = scalars[q * lanes + lane] }
            }
        }
    }
}

/// Input and weight gradients of `channelsLastDepthwiseForward`, each written when its pointer
/// is given. One worker owns a block of channels for the whole batch, so the weight gradient
/// needs no reduction across workers; it sums each image in `T` and the batch in `Double`.
func channelsLastDepthwiseBackward<T: TensorScalar>(
    input x: UnsafePointer<T>, weight w: UnsafePointer<T>, outputGradient dy: UnsafePointer<T>,
    inputGradient dx: UnsafeMutablePointer<T>?, weightGradient dw: UnsafeMutablePointer<T>?, _ g: ConvolutionGeometry
) {
    guard dx != nil || dw != nil else { return }
    let k = ChannelsLastDepthwise<T>(g: g)
    let lanes = ChannelsLastDepthwise<T>.lanes
    let taps = k.taps
    let s = g.stride
    let d = g.dilation
    let pw = k.paddedWidth
    let kw = g.kernelWidth
    let ow = g.outWidth
    let work = g.batch * g.outChannels * g.outputPlane * taps * (dx != nil && dw != nil ? 2 : 1)
    parallelRanges(k.blocks, work: work) { blocks in
        typealias K = ChannelsLastDepthwise<T>
        let padded = K.scratch(k.paddedCount)
        let rows = K.scratch(g.outputPlane)
        let filters = K.scratch(taps)
        let gradient = K.scratch(dx == nil ? 0 : k.paddedCount)
        var totals = [SIMD8<Double>](repeating: .zero, count: taps)
        defer {
            padded.deallocate()
            rows.deallocate()
            filters.deallocate()
            gradient.deallocate()
        }
        for block in blocks {
            k.filters(w, block: block, into: filters)
            for tap in 0..<taps { totals[tap] = .zero }
            for n in 0..<g.batch {
                let (plane, count) = k.channels(n, block)
                k.gatherOutput(dy + plane * g.outputPlane, count: count, into: rows)
                if dw != nil {
                    k.gather(x + plane * g.inputPlane, count: count, into: padded)
                    for tap in 0..<taps {
                        let (i, j) = (tap / kw, tap % kw)
                        let columns = k.outputColumns[j]
                        let shifted = padded + (i &* d &* pw &+ j &* d)
                        var total = K.Vector(repeating: 0)
                        for r in k.outputRows[i] {
                            let source = shifted + r &* s &* pw
                            let outGrad = rows + r &* ow
                            for c in columns { total += outGrad[c] * source[c &* s] }
                        }
                        for lane in 0..<lanes { totals[tap][lane] += total[lane].asDouble }
                    }
                }
                guard let dx else { continue }
                gradient.update(repeating: K.Vector(repeating: 0), count: k.paddedCount)
                for tap in 0..<taps {
                    let (i, j) = (tap / kw, tap % kw)
                    let columns = k.outputColumns[j]
                    let weight = filters[tap]
                    let shifted = gradient + (i &* d &* pw &+ j &* d)
                    for r in k.outputRows[i] {
                        let target = shifted + r &* s &* pw
                        let outGrad = rows + r &* ow
                        for c in columns { target[c &* s] += weight * outGrad[c] }
                    }
                }
                let scalars = UnsafeMutableRawPointer(gradient).assumingMemoryBound(to: T.self)
                for lane in 0..<count {
                    let out = dx + (plane + lane) * g.inputPlane
                    for h in 0..<g.height {
                        let row = scalars + ((h + g.padding) * k.paddedWidth + g.padding) * lanes + lane
                        for c in 0..<g.width { out[h * g.width + c] = row[c * lanes] }
                    }
                }
            }
            if let dw {
                let count = Swift.min(lanes, g.outChannels - block * lanes)
                for lane in 0..<count {
                    for tap in 0..<taps { dw[(block * lanes + lane) * taps + tap] = T(totals[tap][lane]) }
                }
            }
        }
    }
}

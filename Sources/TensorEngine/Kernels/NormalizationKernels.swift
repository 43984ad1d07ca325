/// A tensor seen as `[outer, channels, inner]` with one set of statistics per channel, taken
/// over `outer · inner` elements: batch norm is `[N, C, H·W]`, instance norm `[1, N·C, H·W]`,
/// layer norm `[1, rows, features]`.
struct NormalizationLayout: Sendable {
    let outer, channels, inner: Int
    /// Elements per channel.
    var reduced: Int { outer * inner }

    /// Calls `body(row)` with the offset of each contiguous run of channel `c`.
    @inline(__always)
    func forEachRun(of c: Int, _ body: (Int) -> Void) {
        for n in 0..<outer { body((n * channels + c) * inner) }
    }
}

/// `Σ (x[i] − center)²`, and when `a` is given `Σ a[i]·(x[i] − center)` and `Σ a[i]`, over
/// `count` elements, with SIMD accumulators and double-precision block totals (see
/// `sumKernel`, whose sum of `a` this equals exactly).
@inline(__always)
func centeredSums<T: TensorScalar>(_ x: UnsafePointer<T>, _ a: UnsafePointer<T>?, count: Int, center: T) -> (
    squares: Double, products: Double, sum: Double
) {
    var squares = 0.0
    var products = 0.0
    var sum = 0.0
    var start = 0
    let c = SIMD8<T>(repeating: center)
    while start < count {
        let end = Swift.min(count, start + 1024)
        var s = SIMD8<T>(repeating: 0)
        var p = SIMD8<T>(repeating: 0)
        var t = SIMD8<T>(repeating: 0)
        var i = start
        while i + 8 <= end {
            let d = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<T>.self) - c
            s += d * d
            if let a {
                let v = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<T>.self)
                p += v * d
                t += v
            }
            i += 8
        }
        var blockS = s.sum()
        var blockP = p.sum()
        var blockT = t.sum()
        while i < end {
            let d = x[i] - center
            blockS += d * d
            if let a {
                blockP += a[i] * d
                blockT += a[i]
            }
            i += 1
        }
        squares += blockS.asDouble
        products += blockP.asDouble
        sum += blockT.asDouble
        start = end
    }
    return (squares, products, sum)
}

/// `Σ x` over channel `c`.
@inline(__always)
func channelSum<T: TensorScalar>(_ x: UnsafePointer<T>, _ c: Int, _ l: NormalizationLayout) -> Double {
    var total = 0.0
    l.forEachRun(of: c) { total += sumKernel(x + $0, count: l.inner).asDouble }
    return total
}

/// `Σ (x − center)²` over channel `c`.
@inline(__always)
func channelSquares<T: TensorScalar>(_ x: UnsafePointer<T>, _ c: Int, center: T, _ l: NormalizationLayout) -> Double {
    var squares = 0.0
    l.forEachRun(of: c) { squares += centeredSums(x + $0, nil, count: l.inner, center: center).squares }
    return squares
}

/// Per-channel mean and biased variance.
func normalizationStatistics<T: TensorScalar>(
    _ x: UnsafePointer<T>, mean: UnsafeMutablePointer<Double>, variance: UnsafeMutablePointer<Double>,
    _ l: NormalizationLayout
) {
    parallelItems(l.channels, work: l.channels * l.reduced) { c in
        let m = channelSum(x, c, l) / Double(Swift.max(l.reduced, 1))
        mean[c] = m
        variance[c] = channelSquares(x, c, center: T(m), l) / Double(Swift.max(l.reduced, 1))
    }
}

/// `normalizationStatistics` of the batch that every rank's `x` makes together: `reduce`
/// sums a buffer over the ranks, first the per-channel sums with the element count, then the
/// squares about the global mean (two passes, as on one process). Returns the global count
/// of elements per channel.
func synchronizedStatistics<T: TensorScalar>(
    _ x: UnsafePointer<T>, mean: inout [Double], variance: inout [Double], _ l: NormalizationLayout,
    reduce: (UnsafeMutableBufferPointer<Double>) throws -> Void
) rethrows -> Int {
    var sums = [Double](repeating: 0, count: l.channels + 1)
    sums.withUnsafeMutableBufferPointer { buffer in
        let sums = buffer
        parallelItems(l.channels, work: l.channels * l.reduced) { c in sums[c] = channelSum(x, c, l) }
    }
    sums[l.channels] = Double(l.reduced)
    try sums.withUnsafeMutableBufferPointer { try reduce($0) }
    let count = sums[l.channels]
    mean = (0..<l.channels).map { sums[$0] / Swift.max(count, 1) }
    var squares = [Double](repeating: 0, count: l.channels)
    squares.withUnsafeMutableBufferPointer { buffer in
        let (squares, center) = (buffer, mean)
        parallelItems(l.channels, work: l.channels * l.reduced) { c in
            squares[c] = channelSquares(x, c, center: T(center[c]), l)
        }
    }
    try squares.withUnsafeMutableBufferPointer { try reduce($0) }
    variance = squares.map { $0 / Swift.max(count, 1) }
    return Int(count)
}

/// `y = (x − mean[c]) · invStd[c] · weight[c] + bias[c]`.
func normalizationForward<T: TensorScalar>(
    _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, mean: UnsafePointer<Double>, invStd: UnsafePointer<Double>,
    weight: UnsafePointer<T>?, bias: UnsafePointer<T>?, _ l: NormalizationLayout
) {
    parallelItems(l.channels, work: l.channels * l.reduced) { c in
        let scale = T(invStd[c]) * (weight?[c] ?? 1)
        let shift = (bias?[c] ?? 0) - T(mean[c]) * scale
        l.forEachRun(of: c) { run in
            for i in run..<(run + l.inner) { y[i] = x[i] * scale + shift }
        }
    }
}

/// `(Σ dy, Σ dy·(x − center))` over channel `c`.
@inline(__always)
func channelGradientSums<T: TensorScalar>(
    _ x: UnsafePointer<T>, _ dy: UnsafePointer<T>, _ c: Int, center: T, _ l: NormalizationLayout
) -> (dy: Double, dyCentered: Double) {
    var sumDy = 0.0
    var sumDyCentered = 0.0
    l.forEachRun(of: c) { run in
        let sums = centeredSums(x + run, dy + run, count: l.inner, center: center)
        sumDy += sums.sum
        sumDyCentered += sums.products
    }
    return (sumDy, sumDyCentered)
}

/// Channel `c` of `dx = w·σ⁻¹·(dy − Σdy/count − (x − mean)·σ²·Σdy·(x − mean)/count)` with
/// `sums` over `count` elements (the terms of the statistics only with `batchStatistics`).
@inline(__always)
func channelInputGradient<T: TensorScalar>(
    _ x: UnsafePointer<T>, _ dy: UnsafePointer<T>, _ dx: UnsafeMutablePointer<T>, _ c: Int, center: T,
    invStd s: Double, weight: Double, sums: (dy: Double, dyCentered: Double), count: Int, batchStatistics: Bool,
    _ l: NormalizationLayout
) {
    let count = Double(Swift.max(count, 1))
    let scale = T(weight * s)
    let meanDy = batchStatistics ? T(sums.dy / count) : 0
    let slope = batchStatistics ? T(sums.dyCentered * s * s / count) : 0
    l.forEachRun(of: c) { run in
        for i in run..<(run + l.inner) { dx[i] = scale * (dy[i] - meanDy - (x[i] - center) * slope) }
    }
}

/// Gradients of `normalizationForward`. With `batchStatistics` the mean and variance depend
/// on `x` and the input gradient includes their terms:
/// `dx = w·σ⁻¹·(dy − mean(dy) − x̂·mean(dy·x̂))`; otherwise `dx = w·σ⁻¹·dy`.
/// `dw[c] = Σ dy·x̂`, `db[c] = Σ dy`; each output is written when its pointer is given.
func normalizationBackward<T: TensorScalar>(
    _ x: UnsafePointer<T>, _ dy: UnsafePointer<T>, mean: UnsafePointer<Double>, invStd: UnsafePointer<Double>,
    weight: UnsafePointer<T>?, batchStatistics: Bool, _ l: NormalizationLayout,
    dx: UnsafeMutablePointer<T>?, dw: UnsafeMutablePointer<T>?, db: UnsafeMutablePointer<T>?
) {
    parallelItems(l.channels, work: l.channels * l.reduced) { c in
        let center = T(mean[c])
        let sums = channelGradientSums(x, dy, c, center: center, l)
        dw?[c] = T(sums.dyCentered * invStd[c])
        db?[c] = T(sums.dy)
        guard let dx else { return }
        channelInputGradient(
            x, dy, dx, c, center: center, invStd: invStd[c], weight: (weight?[c]).map { $0.asDouble } ?? 1,
            sums: sums, count: l.reduced, batchStatistics: batchStatistics, l)
    }
}

/// `normalizationBackward` with batch statistics taken over every rank's batch (`count`
/// elements per channel in all): `reduce` sums the per-channel `Σ dy` and `Σ dy·x̂` over the
/// ranks for `dx`; `dw` and `db` keep this rank's share (the parameter gradients are summed
/// over the ranks later, with the others).
func synchronizedNormalizationBackward<T: TensorScalar>(
    _ x: UnsafePointer<T>, _ dy: UnsafePointer<T>, mean: [Double], invStd: [Double], weight: UnsafePointer<T>?,
    count: Int, _ l: NormalizationLayout, reduce: (UnsafeMutableBufferPointer<Double>) throws -> Void,
    dx: UnsafeMutablePointer<T>?, dw: UnsafeMutablePointer<T>?, db: UnsafeMutablePointer<T>?
) rethrows {
    var sums = [Double](repeating: 0, count: 2 * l.channels)
    sums.withUnsafeMutableBufferPointer { buffer in
        let sums = buffer
        parallelItems(l.channels, work: l.channels * l.reduced) { c in
            let local = channelGradientSums(x, dy, c, center: T(mean[c]), l)
            sums[2 * c] = local.dy
            sums[2 * c + 1] = local.dyCentered
            dw?[c] = T(local.dyCentered * invStd[c])
            db?[c] = T(local.dy)
        }
    }
    // Every rank reduces, whatever it needs, so that the collectives stay matched.
    try sums.withUnsafeMutableBufferPointer { try reduce($0) }
    guard let dx else { return }
    let global = sums
    parallelItems(l.channels, work: l.channels * l.reduced) { c in
        channelInputGradient(
            x, dy, dx, c, center: T(mean[c]), invStd: invStd[c], weight: (weight?[c]).map { $0.asDouble } ?? 1,
            sums: (global[2 * c], global[2 * c + 1]), count: count, batchStatistics: true, l)
    }
}

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

/// Per-channel mean and biased variance.
func normalizationStatistics<T: TensorScalar>(
    _ x: UnsafePointer<T>, mean: UnsafeMutablePointer<Double>, variance: UnsafeMutablePointer<Double>,
    _ l: NormalizationLayout
) {
    parallelItems(l.channels, work: l.channels * l.reduced) { c in
        var total = 0.0
        l.forEachRun(of: c) { total += sumKernel(x + $0, count: l.inner).asDouble }
        let m = total / Double(Swift.max(l.reduced, 1))
        var squares = 0.0
        l.forEachRun(of: c) { squares += centeredSums(x + $0, nil, count: l.inner, center: T(m)).squares }
        mean[c] = m
        variance[c] = squares / Double(Swift.max(l.reduced, 1))
    }
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
        let s = invStd[c]
        var sumDy = 0.0
        var sumDyCentered = 0.0
        l.forEachRun(of: c) { run in
            let sums = centeredSums(x + run, dy + run, count: l.inner, center: center)
            sumDy += sums.sum
            sumDyCentered += sums.products
        }
        dw?[c] = T(sumDyCentered * s)
        db?[c] = T(sumDy)
        guard let dx else { return }
        let w = (weight?[c]).map { $0.asDouble } ?? 1
        let count = Double(Swift.max(l.reduced, 1))
        let scale = T(w * s)
        let meanDy = batchStatistics ? T(sumDy / count) : 0
        let slope = batchStatistics ? T(sumDyCentered * s * s / count) : 0
        l.forEachRun(of: c) { run in
            for i in run..<(run + l.inner) { dx[i] = scale * (dy[i] - meanDy - (x[i] - center) * slope) }
        }
    }
}

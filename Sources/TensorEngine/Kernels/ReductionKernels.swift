/// Sum of `count` contiguous elements: blocks of 1024 summed with eight independent SIMD
/// accumulators (a single running float sum cannot be vectorised), block totals added in
/// double precision, so the error stays near PyTorch's pairwise sum on long rows.
@inline(__always)
func sumKernel<T: TensorScalar>(_ x: UnsafePointer<T>, count: Int) -> T {
    var total = 0.0
    var start = 0
    while start < count {
        let end = Swift.min(count, start + 1024)
        var lanes = SIMD8<T>(repeating: 0)
        var i = start
        while i + 8 <= end {
            lanes += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<T>.self)
            i += 8
        }
        var block = lanes.sum()
        while i < end {
            block += x[i]
            i += 1
        }
        total += block.asDouble
        start = end
    }
    return T(total)
}

/// Maximum (or minimum) of `count` contiguous elements and the first index where it occurs;
/// NaN wins, as in PyTorch.
@inline(__always)
func extremumKernel<T: TensorScalar>(_ x: UnsafePointer<T>, count: Int, stride: Int, largest: Bool) -> (T, Int) {
    var best = x[0]
    var bestIndex = 0
    if best.isNaN { return (best, 0) }
    for i in 1..<max(count, 1) {
        let v = x[i * stride]
        if v.isNaN { return (v, i) }
        if largest ? v > best : v < best {
            best = v
            bestIndex = i
        }
    }
    return (best, bestIndex)
}

/// Sum of `count` contiguous elements with eight independent accumulators, which lets the
/// compiler vectorise (a single running float sum cannot be reordered) and keeps the error
/// growth close to PyTorch's pairwise sum.
@inline(__always)
func sumKernel<T: TensorScalar>(_ x: UnsafePointer<T>, count: Int) -> T {
    var lanes = SIMD8<T>(repeating: 0)
    var i = 0
    while i + 8 <= count {
        lanes += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<T>.self)
        i += 8
    }
    var total = lanes.sum()
    while i < count { total += x[i]; i += 1 }
    return total
}

/// Maximum (or minimum) of `count` contiguous elements and the first index where it occurs;
/// NaN wins, as in PyTorch.
@inline(__always)
func extremumKernel<T: TensorScalar>(_ x: UnsafePointer<T>, count: Int, stride: Int, largest: Bool) -> (T, Int) {
    var best = x[0], bestIndex = 0
    if best.isNaN { return (best, 0) }
    for i in 1..<max(count, 1) {
        let v = x[i * stride]
        if v.isNaN { return (v, i) }
        if largest ? v > best : v < best { best = v; bestIndex = i }
    }
    return (best, bestIndex)
}

/// What a convolution kernel does to each output element on its way out of the GEMM buffer:
/// `v = conv + bias[o]`, then `v·scale[o] + shift[o]` (an evaluation-mode batch norm),
/// `+ residual`, then `max(v, 0)` — in that order, the order of the separate ops, so the
/// fused result is bit-identical to the unfused one. Applied per output row while the row is
/// still in cache: at ResNet101/256 px every separate elementwise pass over a 33 MB
/// activation costs a DRAM round trip.
struct ConvolutionEpilogueKernel<T: TensorScalar> {
    let bias: UnsafePointer<T>?
    let scale: UnsafePointer<T>?
    let shift: UnsafePointer<T>?
    /// The residual, laid out as the output `[batch, outChannels, outHeight, outWidth]`.
    let residual: UnsafePointer<T>?
    let relu: Bool

    /// Only a bias (or nothing): the plain convolution.
    init(bias: UnsafePointer<T>?) {
        self.init(bias: bias, scale: nil, shift: nil, residual: nil, relu: false)
    }

    init(
        bias: UnsafePointer<T>?, scale: UnsafePointer<T>?, shift: UnsafePointer<T>?, residual: UnsafePointer<T>?,
        relu: Bool
    ) {
        self.bias = bias
        self.scale = scale
        self.shift = shift
        self.residual = residual
        self.relu = relu
    }

    /// Whether the kernel's output leaves unchanged.
    var isIdentity: Bool { bias == nil && scale == nil && shift == nil && residual == nil && !relu }

    /// Writes `target[p] = epilogue(source[p])` for `count` elements of output channel `o`;
    /// `offset` is the index of `target[0]` in the whole output (to find the residual).
    /// `source` may equal `target`. One SIMD pass per step over tiles that stay in L1 (a
    /// single loop with every step behind a branch measured 3x slower: LLVM kept it scalar).
    @inline(__always)
    func apply(_ source: UnsafePointer<T>, _ target: UnsafeMutablePointer<T>, count: Int, channel o: Int, offset: Int) {
        let inPlace = UnsafePointer(target) == source
        if isIdentity {
            if !inPlace { target.update(from: source, count: count) }
            return
        }
        let affine = scale != nil || shift != nil
        let (a, c) = (scale?[o] ?? 1, shift?[o] ?? 0)
        var start = 0
        while start < count {
            let n = Swift.min(2048, count - start)
            let (x, y) = (source + start, target + start)
            // The first step reads `source`; the others work in place on `target`.
            var from = x
            if let bias {
                simdMap(from, y, n) { v, _ in
                    v + bias[o]
                } scalar: { v, _ in
                    v + bias[o]
                }
                from = UnsafePointer(y)
            }
            if affine {
                let (va, vc) = (SIMD8<T>(repeating: a), SIMD8<T>(repeating: c))
                simdMap(from, y, n) { v, _ in
                    v * va + vc
                } scalar: { v, _ in
                    v * a + c
                }
                from = UnsafePointer(y)
            }
            if from != UnsafePointer(y) { y.update(from: from, count: n) }
            if let residual {
                let r = residual + offset + start
                simdMap(y, y, n) { v, p in
                    v + UnsafeRawPointer(r + p).loadUnaligned(as: SIMD8<T>.self)
                } scalar: { v, p in
                    v + r[p]
                }
            }
            if relu {
                // A plain loop: LLVM vectorises it to compare-and-mask (`SIMD.replacing` did not).
                for p in 0..<n { y[p] = Swift.max(y[p], 0) }
            }
            start += n
        }
    }

    /// Applies the epilogue in place to a whole output (kernels without their own copy-out,
    /// e.g. depthwise), split over the workers by `(sample, channel)` plane.
    func applyInPlace(_ y: UnsafeMutablePointer<T>, batch: Int, channels: Int, plane: Int) {
        guard !isIdentity else { return }
        parallelItems(batch * channels, work: batch * channels * plane) { item in
            let row = y + item * plane
            apply(row, row, count: plane, channel: item % channels, offset: item * plane)
        }
    }
}

/// `y[p] = f(x[p])` eight lanes at a time (`f` gets the lane group's first index), the tail
/// by `scalar`; `x` may equal `y`.
@inline(__always)
private func simdMap<T: TensorScalar>(
    _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ count: Int,
    _ f: (SIMD8<T>, Int) -> SIMD8<T>, scalar: (T, Int) -> T
) {
    var p = 0
    while p + 8 <= count {
        UnsafeMutableRawPointer(y + p).storeBytes(
            of: f(UnsafeRawPointer(x + p).loadUnaligned(as: SIMD8<T>.self), p), as: SIMD8<T>.self)
        p += 8
    }
    while p < count {
        y[p] = scalar(x[p], p)
        p += 1
    }
}

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

    init(bias: UnsafePointer<T>?, scale: UnsafePointer<T>?, shift: UnsafePointer<T>?, residual: UnsafePointer<T>?, relu: Bool) {
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
    /// `source` may equal `target`.
    @inline(__always)
    func apply(_ source: UnsafePointer<T>, _ target: UnsafeMutablePointer<T>, count: Int, channel o: Int, offset: Int) {
        if isIdentity {
            if UnsafePointer(target) != source { target.update(from: source, count: count) }
            return
        }
        let b = bias?[o] ?? 0, a = scale?[o] ?? 1, c = shift?[o] ?? 0
        let (hasBias, affine) = (bias != nil, scale != nil || shift != nil)
        let r = residual.map { $0 + offset }
        // Loop-invariant branches: LLVM unswitches them into one tight loop per case.
        for p in 0..<count {
            var v = source[p]
            if hasBias { v += b }
            if affine { v = v * a + c }
            if let r { v += r[p] }
            if relu { v = Swift.max(v, 0) }
            target[p] = v
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

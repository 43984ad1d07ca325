import CDNNL

/// One pass of a training convolution on oneDNN: the forward (keeping what the backward
/// needs), the input gradient, or the weight (and bias) gradient, of an ungrouped fp32
/// convolution `[batch, inChannels, height, width]` → `[batch, outChannels, outHeight, outWidth]`
/// with weights `[outChannels, inChannels, kh, kw]`.
///
/// Every layout is left to oneDNN (`.any`): on AVX-512 it picks channel-blocked layouts
/// (`nChw16c`), whose kernels measured 2.6x faster than its plain-layout GEMM path
/// (`[32, 64, 56, 56]` 3x3, forward + both gradients, 1 thread: 117 vs 310 ms CPU). Ask the
/// primitive which layouts it took (`descriptor(of:)`) and reorder into and out of them. The
/// backward passes are created with the forward as their hint, as oneDNN requires, so the
/// three agree on layouts.
public struct DNNLTrainingConvolution: DNNLPrimitiveKey {
    /// Which computation the primitive performs.
    public enum Pass: Hashable, Sendable {
        /// `y = x ⋆ w + b`.
        case forward
        /// `dx` from `dy` and `w`.
        case backwardData
        /// `dw` (and `db` when the convolution has a bias) from `x` and `dy`.
        case backwardWeights
    }

    /// The computation.
    public var pass: Pass
    /// The input's, the weights' and the output's logical shapes.
    public var source: [Int], weights: [Int], destination: [Int]
    /// Whether the convolution has a bias (`[outChannels]`, kept plain).
    public var hasBias: Bool
    /// Symmetric stride, zero padding and dilation (1 = none), as `conv2d` takes them.
    public var stride: Int, padding: Int, dilation: Int

    /// The `pass` of a convolution of the given shapes and hyperparameters.
    public init(
        _ pass: Pass, source: [Int], weights: [Int], destination: [Int], hasBias: Bool, stride: Int, padding: Int,
        dilation: Int
    ) {
        self.pass = pass
        self.source = source
        self.weights = weights
        self.destination = destination
        self.hasBias = hasBias
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
    }

    private var name: String { "training convolution (\(pass)) \(source) → \(destination)" }

    /// Whether the pass runs as a Winograd F(4x4, 3x3) convolution (`DNNLWinograd`): the weight
    /// gradient on output maps of at least 4x4, the forward and the input gradient on maps of
    /// at least 8x8. Measured (1 thread, CPU ms, direct → Winograd; forward, input gradient,
    /// weight gradient): batch 32, 512 channels at 8x8 45.1 → 16.9, 44.4 → 16.8, 58.8 → 20.4;
    /// 64 at 32x32 11.4 → 6.4, 12.1 → 5.9, 12.3 → 10.0; 128 at 16x16 10.8 → 5.9, 10.9 → 6.0,
    /// 10.9 → 6.4; batch 64, 64 at 8x8 1.32 → 0.70, 1.27 → 0.70, 1.41 → 1.01; but on 4x4 maps
    /// only the weight gradient gains (512 channels, batch 32: 35.3 → 12.0; forward 13.3 →
    /// 11.2, input gradient 14.1 → 11.0; 128, batch 24: 0.55 → 0.26, forward 0.48 → 0.60,
    /// input gradient 0.35 → 0.71). The largest difference from the direct passes is a few
    /// 1e-6 of the largest magnitude.
    var usesWinograd: Bool {
        DNNLWinograd.fits(
            weights: weights, destination: destination, stride: stride, dilation: dilation,
            smallestMap: pass == .backwardWeights ? 4 : 8)
    }

    public func makePrimitive() throws -> DNNLPrimitive {
        // oneDNN has Winograd kernels for some CPUs and channel counts only.
        if usesWinograd, let primitive = try? makePrimitive(dnnl_convolution_winograd) { return primitive }
        return try makePrimitive(dnnl_convolution_direct)
    }

    private func makePrimitive(_ algorithm: dnnl_alg_kind_t) throws -> DNNLPrimitive {
        let engine = try DNNLEngine.shared()
        let src = try DNNLMemoryDescriptor(shape: source, dataType: .f32, layout: .any).raw
        let wei = try DNNLMemoryDescriptor(shape: weights, dataType: .f32, layout: .any).raw
        let dst = try DNNLMemoryDescriptor(shape: destination, dataType: .f32, layout: .any).raw
        // A zeroed descriptor (format undefined) is oneDNN's "no bias".
        let plainBias = try DNNLMemoryDescriptor(shape: [weights[0]], dataType: .f32, layout: .plain)
        let bias = hasBias ? plainBias.raw : dnnl_memory_desc_t()
        let strides = paddedDims([Int64(stride), Int64(stride)])
        let dilations = paddedDims([Int64(dilation - 1), Int64(dilation - 1)])
        let pads = paddedDims([Int64(padding), Int64(padding)])
        var forward = dnnl_convolution_desc_t()
        try check(
            dnnl_dilated_convolution_forward_desc_init(
                &forward, dnnl_forward_training, algorithm, [src], [wei], [bias], [dst], strides,
                dilations, pads, pads),
            name)
        guard pass != .forward else {
            return try DNNLPrimitive(name: name) { dnnl_primitive_desc_create(&$0, &forward, nil, engine.engine, nil) }
        }
        var hint: dnnl_primitive_desc_t?
        try check(dnnl_primitive_desc_create(&hint, &forward, nil, engine.engine, nil), name)
        defer { dnnl_primitive_desc_destroy(hint) }
        var backward = dnnl_convolution_desc_t()
        if pass == .backwardData {
            try check(
                dnnl_dilated_convolution_backward_data_desc_init(
                    &backward, algorithm, [src], [wei], [dst], strides, dilations, pads, pads),
                name)
        } else {
            try check(
                dnnl_dilated_convolution_backward_weights_desc_init(
                    &backward, algorithm, [src], [wei], [bias], [dst], strides, dilations, pads, pads),
                name)
        }
        return try DNNLPrimitive(name: name) { dnnl_primitive_desc_create(&$0, &backward, nil, engine.engine, hint) }
    }
}

import CDNNL

/// A forward (inference) convolution: `[batch, inChannels, height, width]` →
/// `[batch, outChannels, outHeight, outWidth]`, weights `[out, in, kh, kw]` (or
/// `[groups, out/groups, in/groups, kh, kw]`), optional bias `[out]`, post-ops applied to the
/// result. Descriptors with `.any` layouts let oneDNN choose; ask the primitive which it took.
public struct DNNLConvolution: DNNLPrimitiveKey {
    public var source: DNNLMemoryDescriptor
    public var weights: DNNLMemoryDescriptor
    /// `[outChannels]` f32, or nil for no bias.
    public var bias: DNNLMemoryDescriptor?
    public var destination: DNNLMemoryDescriptor
    public var stride: Int
    public var padding: Int
    public var dilation: Int
    public var postOps: DNNLPostOps

    /// A convolution with symmetric `stride`, `padding` and `dilation` (1 = none), as `conv2d`.
    public init(
        source: DNNLMemoryDescriptor, weights: DNNLMemoryDescriptor, bias: DNNLMemoryDescriptor?,
        destination: DNNLMemoryDescriptor, stride: Int, padding: Int, dilation: Int = 1,
        postOps: DNNLPostOps = DNNLPostOps()
    ) {
        self.source = source
        self.weights = weights
        self.bias = bias
        self.destination = destination
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.postOps = postOps
    }

    /// The output's `[height, width]` for an input's, as `conv2d` computes it.
    public static func outputSize(
        input: (height: Int, width: Int), kernel: (height: Int, width: Int), stride: Int, padding: Int,
        dilation: Int = 1
    ) -> (height: Int, width: Int) {
        func size(_ n: Int, _ k: Int) -> Int { (n + 2 * padding - dilation * (k - 1) - 1) / stride + 1 }
        return (size(input.height, kernel.height), size(input.width, kernel.width))
    }

    /// Whether the convolution runs as a Winograd F(4x4, 3x3) convolution: fp32, with a shape
    /// `DNNLWinograd` fits. Its weights are transformed once, into the layout the primitive
    /// asks for (a lowered network keeps them). Measured (1 thread, CPU ms, direct →
    /// Winograd): batch 64, 512 channels at 4x4 60.6 → 13.0, 256 → 512 at 4x4 13.8 → 7.0,
    /// 256 at 4x4 6.1 → 3.8, 128 at 8x8 5.7 → 3.9, 64 at 16x16 5.9 → 4.4; batch 8, 512 at
    /// 16x16 47.5 → 17.3, 64 at 64x64 11.1 → 7.5; but 512 at 2x2, batch 24, 4.6 → 7.3.
    var usesWinograd: Bool {
        source.dataType == .f32 && weights.dataType == .f32
            && DNNLWinograd.fits(
                weights: weights.shape, destination: destination.shape, stride: stride, dilation: dilation,
                smallestMap: 4)
    }

    public func makePrimitive() throws -> DNNLPrimitive {
        // oneDNN has Winograd kernels for some CPUs, channel counts and post-ops only.
        if usesWinograd, let primitive = try? makePrimitive(dnnl_convolution_winograd) { return primitive }
        return try makePrimitive(dnnl_convolution_direct)
    }

    private func makePrimitive(_ algorithm: dnnl_alg_kind_t) throws -> DNNLPrimitive {
        let name = "convolution \(source.shape) → \(destination.shape)"
        let engine = try DNNLEngine.shared()
        let spatial = [Int64(stride), Int64(stride)]
        let dilations = [Int64(dilation - 1), Int64(dilation - 1)]
        let pads = [Int64(padding), Int64(padding)]
        var operation = dnnl_convolution_desc_t()
        let status = withUnsafePointer(to: source.raw) { src in
            withUnsafePointer(to: weights.raw) { w in
                withUnsafePointer(to: bias?.raw ?? dnnl_memory_desc_t()) { b in
                    withUnsafePointer(to: destination.raw) { dst in
                        dnnl_dilated_convolution_forward_desc_init(
                            &operation, dnnl_forward_inference, algorithm, src, w, b, dst,
                            paddedDims(spatial), paddedDims(dilations), paddedDims(pads), paddedDims(pads))
                    }
                }
            }
        }
        try check(status, name)
        return try postOps.withAttribute(for: name) { attribute in
            try DNNLPrimitive(name: name) { descriptor in
                withUnsafePointer(to: &operation) {
                    dnnl_primitive_desc_create(&descriptor, $0, attribute, engine.engine, nil)
                }
            }
        }
    }
}

/// `values` in the first slots of a `dnnl_dims_t`.
func paddedDims(_ values: [Int64]) -> [Int64] {
    values + [Int64](repeating: 0, count: 12 - values.count)
}

import TensorEngine
import TestSupport
import Testing

/// A convolution through oneDNN with AIRS's layout at both ends and `layout` between.
private func dnnlConvolution(
    _ x: Tensor, _ w: Tensor, bias: Tensor?, stride: Int, padding: Int, residual: Tensor? = nil, relu: Bool = false,
    type: DNNLDataType = .f32
) throws -> Tensor {
    let out = DNNLConvolution.outputSize(
        input: (x.shape[2], x.shape[3]), kernel: (w.shape[2], w.shape[3]), stride: stride, padding: padding)
    let outputShape = [x.shape[0], w.shape[0], out.height, out.width]
    var postOps = DNNLPostOps()
    if residual != nil { postOps.operations.append(.sum(scale: 1)) }
    if relu { postOps.operations.append(.relu) }
    let key = DNNLConvolution(
        source: try DNNLMemoryDescriptor(shape: x.shape, dataType: type, layout: .any),
        weights: try DNNLMemoryDescriptor(shape: w.shape, dataType: type, layout: .any),
        bias: try bias.map { try DNNLMemoryDescriptor(shape: $0.shape, dataType: .f32, layout: .plain) },
        destination: try DNNLMemoryDescriptor(shape: outputShape, dataType: .f32, layout: .any),
        stride: stride, padding: padding, postOps: postOps)
    let convolution = try DNNLPrimitiveCache.primitive(key)
    func blocked(_ tensor: Tensor, _ argument: DNNLPrimitive.Argument) throws -> DNNLMemory {
        let memory = try DNNLMemory(convolution.descriptor(of: argument))
        try DNNLReorder.run(from: DNNLMemory(tensor: tensor), to: memory)
        return memory
    }
    let destination = try DNNLMemory(convolution.descriptor(of: .destination))
    if let residual { try DNNLReorder.run(from: DNNLMemory(tensor: residual), to: destination) }
    var arguments: [DNNLPrimitive.Argument: DNNLMemory] = [
        .source: try blocked(x, .source), .weights: try blocked(w, .weights), .destination: destination,
    ]
    if let bias { arguments[.bias] = try DNNLMemory(tensor: bias) }
    try convolution.execute(arguments)
    return try Tensor(destination)
}

@Test(arguments: bf16ConvolutionCases)
func dnnlConvolutionMatchesConv2d(_ c: BF16ConvolutionCase) throws {
    var generator = RandomGenerator(seed: UInt64(c.outChannels * 10 + c.kernel))
    let x = Tensor.randomNormal([2, c.inChannels, c.size, c.size], using: &generator)
    let w = Tensor.randomNormal([c.outChannels, c.inChannels, c.kernel, c.kernel], using: &generator)
    let bias = Tensor.randomNormal([c.outChannels], using: &generator)
    let plain = try x.conv2d(weight: w, bias: bias, stride: c.stride, padding: c.padding)
    let residual = Tensor.randomNormal(plain.shape, using: &generator)
    let expected = try (plain + residual).relu()
    let fanIn = Double(c.inChannels * c.kernel * c.kernel)

    let fp32 = try dnnlConvolution(
        x, w, bias: bias, stride: c.stride, padding: c.padding, residual: residual, relu: true)
    #expect(fp32.shape == expected.shape)
    let fp32Error = maxAbsoluteError(fp32.doubles, expected.doubles)
    #expect(fp32Error <= 1e-6 * fanIn, "\(c): fp32 off by \(fp32Error)")

    guard InferencePrecision.isBF16Available else { return }
    let bf16 = try dnnlConvolution(
        x, w, bias: bias, stride: c.stride, padding: c.padding, residual: residual, relu: true, type: .bf16)
    let reference = try BF16Reference.round(x).conv2d(
        weight: BF16Reference.round(w), bias: bias, stride: c.stride, padding: c.padding,
        epilogue: .init(residual: residual, relu: true))
    let bf16Error = maxAbsoluteError(bf16.doubles, reference.doubles)
    #expect(bf16Error <= 1e-5 * fanIn, "\(c): bf16 off the rounded reference by \(bf16Error)")
}

/// fp32 3x3 stride-1 convolutions with output maps of at least 4x4 run as oneDNN's Winograd
/// F(4x4, 3x3), with the residual and ReLU post-ops, and give the direct result up to fp32
/// rounding; on 2x2 maps they stay direct.
@Test func dnnlWinogradConvolutionMatchesConv2d() throws {
    var generator = RandomGenerator(seed: 5)
    for size in [8, 4, 2] {
        let x = Tensor.randomNormal([3, 32, size, size], using: &generator)
        let w = Tensor.randomNormal([48, 32, 3, 3], using: &generator)
        let bias = Tensor.randomNormal([48], using: &generator)
        let residual = Tensor.randomNormal([3, 48, size, size], using: &generator)
        let expected = try (x.conv2d(weight: w, bias: bias, padding: 1) + residual).relu()
        let result = try dnnlConvolution(x, w, bias: bias, stride: 1, padding: 1, residual: residual, relu: true)
        let error = maxAbsoluteError(result.doubles, expected.doubles)
        #expect(error <= 1e-6 * 32 * 9, "\(size)x\(size): off by \(error)")
        let key = DNNLConvolution(
            source: try DNNLMemoryDescriptor(shape: x.shape, dataType: .f32, layout: .any),
            weights: try DNNLMemoryDescriptor(shape: w.shape, dataType: .f32, layout: .any),
            bias: try DNNLMemoryDescriptor(shape: [48], dataType: .f32, layout: .plain),
            destination: try DNNLMemoryDescriptor(shape: residual.shape, dataType: .f32, layout: .any),
            stride: 1, padding: 1, postOps: DNNLPostOps([.sum(scale: 1), .relu]))
        let implementation = try DNNLPrimitiveCache.primitive(key).implementation
        #expect(implementation.contains("wino") == (size >= 4), "\(size)x\(size): \(implementation)")
    }
}

@Test func dnnlReorderRoundTripsThroughBF16() throws {
    var generator = RandomGenerator(seed: 3)
    let x = Tensor.randomNormal([2, 5, 3, 4], using: &generator)
    let blocked = try DNNLMemory(DNNLMemoryDescriptor(shape: x.shape, dataType: .bf16, layout: .plain))
    try DNNLReorder.run(from: DNNLMemory(tensor: x), to: blocked)
    let back = try Tensor(blocked)
    #expect(back.shape == x.shape)
    #expect(maxAbsoluteError(back.doubles, try BF16Reference.round(x).doubles) == 0)
}

@Test(arguments: [DNNLPooling.Kind.max, .average])
func dnnlPoolingMatchesPool2d(_ kind: DNNLPooling.Kind) throws {
    var generator = RandomGenerator(seed: 4)
    let x = Tensor.randomNormal([2, 3, 9, 9], using: &generator)
    let expected =
        kind == .max
        ? try x.maxPool2d(kernelSize: 3, stride: 2, padding: 1) : try x.avgPool2d(kernelSize: 2, stride: 2)
    let (k, s, p) = kind == .max ? (3, 2, 1) : (2, 2, 0)
    let pooling = try DNNLPrimitiveCache.primitive(
        DNNLPooling(
            kind, source: DNNLMemoryDescriptor(shape: x.shape, dataType: .f32, layout: .plain),
            destination: DNNLMemoryDescriptor(shape: expected.shape, dataType: .f32, layout: .plain), kernel: k,
            stride: s, padding: p))
    let result = try DNNLMemory(pooling.descriptor(of: .destination))
    try pooling.execute([.source: DNNLMemory(tensor: x), .destination: result])
    #expect(maxAbsoluteError(try Tensor(result).doubles, expected.doubles) <= 1e-6)
}

@Test func dnnlPrimitivesAreCachedByKey() throws {
    let source = try DNNLMemoryDescriptor(shape: [1, 2, 5, 5], dataType: .f32, layout: .plain)
    let target = try DNNLMemoryDescriptor(shape: [1, 2, 5, 5], dataType: .bf16, layout: .plain)
    let first = try DNNLPrimitiveCache.primitive(DNNLReorder(from: source, to: target))
    let again = try DNNLPrimitiveCache.primitive(DNNLReorder(from: source, to: target))
    #expect(first === again)
}

@Test func dnnlFailuresNameThePrimitive() throws {
    let source = try DNNLMemoryDescriptor(shape: [1, 4, 5, 5], dataType: .f32, layout: .plain)
    let weights = try DNNLMemoryDescriptor(shape: [8, 3, 3, 3], dataType: .f32, layout: .plain)
    let destination = try DNNLMemoryDescriptor(shape: [1, 8, 3, 3], dataType: .f32, layout: .plain)
    let key = DNNLConvolution(
        source: source, weights: weights, bias: nil, destination: destination, stride: 1, padding: 0)
    #expect {
        try key.makePrimitive()
    } throws: { error in
        "\(error)".contains("convolution [1, 4, 5, 5] → [1, 8, 3, 3]") && "\(error)".contains("ONEDNN_VERBOSE")
    }
    #expect(throws: TensorError.self) {
        try DNNLMemoryDescriptor(shape: [1, 2, 3, 4, 5, 6], dataType: .f32, layout: .any)
    }
}

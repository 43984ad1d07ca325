import TensorEngine
import Testing

/// One convolution case: `[batch, inChannels, size, size]` through a `kernel`² convolution.
struct BF16ConvolutionCase: Sendable, CustomStringConvertible {
    let inChannels, outChannels, kernel, stride, padding, size: Int
    var description: String { "\(inChannels)→\(outChannels) \(kernel)x\(kernel)/\(stride) p\(padding) at \(size)²" }
}

/// ResNet's shapes: the 7x7 stem, 3x3, 1x1 in place, a strided 1x1 shortcut, and a map big
/// enough to be multiplied in two column blocks.
let bf16ConvolutionCases = [
    BF16ConvolutionCase(inChannels: 3, outChannels: 16, kernel: 7, stride: 2, padding: 3, size: 20),
    BF16ConvolutionCase(inChannels: 8, outChannels: 16, kernel: 3, stride: 1, padding: 1, size: 9),
    BF16ConvolutionCase(inChannels: 16, outChannels: 24, kernel: 1, stride: 1, padding: 0, size: 6),
    BF16ConvolutionCase(inChannels: 16, outChannels: 8, kernel: 1, stride: 2, padding: 0, size: 7),
    BF16ConvolutionCase(inChannels: 8, outChannels: 64, kernel: 3, stride: 1, padding: 1, size: 48),
]

/// The bf16 convolution with a folded batch norm, a residual and a ReLU equals the fp32
/// convolution of the bf16-rounded input and folded weights (only the summation order
/// differs), and the fp32 convolution of the unrounded ones within bf16's precision.
@Test(arguments: bf16ConvolutionCases)
func bf16ConvolutionMatchesTheFP32Path(_ c: BF16ConvolutionCase) throws {
    try #require(InferencePrecision.isBF16Available, "this CPU has no AVX512-BF16")
    var generator = RandomGenerator(seed: UInt64(c.inChannels * 100 + c.kernel))
    let x = Tensor.randomNormal([3, c.inChannels, c.size, c.size], using: &generator)
    let w = Tensor.randomNormal([c.outChannels, c.inChannels, c.kernel, c.kernel], using: &generator)
    let bias = Tensor.randomNormal([c.outChannels], using: &generator)
    let epilogue = try ConvolutionEpilogue.batchNorm(
        weight: Tensor.randomUniform([c.outChannels], lower: 0.5, upper: 1.5, using: &generator),
        bias: Tensor.randomNormal([c.outChannels], using: &generator),
        runningMean: Tensor.randomNormal([c.outChannels], using: &generator),
        runningVariance: Tensor.randomUniform([c.outChannels], lower: 0.5, upper: 2, using: &generator),
        epsilon: 1e-5, dtype: .float32, relu: true)
    let out = (c.size + 2 * c.padding - c.kernel) / c.stride + 1
    var full = epilogue
    full.residual = Tensor.randomNormal([3, c.outChannels, out, out], using: &generator)
    let arguments = (stride: c.stride, padding: c.padding)
    let result = try #require(
        try x.bf16Conv2d(
            weight: w, bias: bias, stride: arguments.stride, padding: arguments.padding,
            epilogue: full))
    let exact = try x.conv2d(weight: w, bias: bias, stride: c.stride, padding: c.padding, epilogue: full)

    let scale = try #require(epilogue.scale)
    let shift = try #require(epilogue.shift)
    let folded = try BF16Reference.round(w * scale.reshaped([c.outChannels, 1, 1, 1]))
    let offset = try bias * scale + shift
    let rounded = try BF16Reference.round(x).conv2d(
        weight: folded, bias: offset, stride: c.stride, padding: c.padding,
        epilogue: .init(residual: full.residual, relu: true))
    let fanIn = Double(c.inChannels * c.kernel * c.kernel)
    let (y, r, e) = (result.scalars, rounded.scalars, exact.scalars)
    #expect(result.shape == exact.shape)
    let orderError = zip(y, r).map { abs(Double($0 - $1)) }.max() ?? 0
    #expect(orderError <= 1e-5 * fanIn, "\(c): off the rounded reference by \(orderError)")
    // Two roundings to 8 significant bits per product: relative error ≤ 2⁻⁸ per term, on
    // sums of about √fanIn standard normal products (times the norm's scale ≤ ~2).
    let bf16Error = zip(y, e).map { abs(Double($0 - $1)) }.max() ?? 0
    #expect(bf16Error <= 0x1p-8 * 4 * fanIn.squareRoot() * 4, "\(c): off fp32 by \(bf16Error)")
}

@Test func bf16LinearMatchesTheRoundedFP32Product() throws {
    try #require(InferencePrecision.isBF16Available, "this CPU has no AVX512-BF16")
    var generator = RandomGenerator(seed: 5)
    let x = Tensor.randomNormal([2, 3, 70], using: &generator)
    let w = Tensor.randomNormal([50, 70], using: &generator)
    let b = Tensor.randomNormal([50], using: &generator)
    let result = try #require(try x.bf16Linear(weight: w, bias: b))
    let reference = try BF16Reference.round(x).linear(weight: try BF16Reference.round(w), bias: b)
    #expect(result.shape == [2, 3, 50])
    let worst = zip(result.scalars, reference.scalars).map { abs(Double($0 - $1)) }.max() ?? 0
    #expect(worst <= 1e-4, "off the rounded reference by \(worst)")
}

@Test func bf16OpsDeclineWhatTheyCannotRun() throws {
    var generator = RandomGenerator(seed: 6)
    let x = Tensor.randomNormal([1, 4, 5, 5], using: &generator)
    let w = Tensor.randomNormal([4, 1, 3, 3], using: &generator)
    #expect(try x.bf16Conv2d(weight: w, groups: 4) == nil, "grouped convolutions stay in fp32")
    let recorded = Tensor.randomNormal([4, 4, 1, 1], using: &generator).requiringGradient()
    #expect(try x.bf16Conv2d(weight: recorded) == nil, "a recorded op stays in fp32")
    #expect(try x.bf16Linear(weight: Tensor.randomNormal([3, 5], using: &generator).requiringGradient()) == nil)
}

@Test func bf16OpsRejectMismatchedShapes() throws {
    try #require(InferencePrecision.isBF16Available, "this CPU has no AVX512-BF16")
    var generator = RandomGenerator(seed: 7)
    let x = Tensor.randomNormal([1, 4, 5, 5], using: &generator)
    let w = Tensor.randomNormal([6, 4, 3, 3], using: &generator)
    #expect(throws: TensorError.self) { try x.bf16Conv2d(weight: w, epilogue: .init(residual: .zeros([1, 6, 5, 5]))) }
    #expect(throws: TensorError.self) { try x.bf16Conv2d(weight: w, epilogue: .init(scale: .ones([5]))) }
    #expect(throws: TensorError.self) { try x.bf16Linear(weight: Tensor.randomNormal([3, 4], using: &generator)) }
}

@Test func bf16FallsBackToFP32WithoutTheInstructions() {
    #expect(InferencePrecision.bf16.available(on: CPUFeatures(flags: ["avx2", "fma"])) == .fp32)
    #expect(InferencePrecision.fp32.available(on: CPUFeatures(flags: [])) == .fp32)
    let all: Set<String> = ["avx512f", "avx512bw", "avx512vl", "avx512_bf16"]
    #expect(InferencePrecision.bf16.available(on: CPUFeatures(flags: all)) == .bf16)
    #expect(Tensor.withInferencePrecision(.fp32) { InferencePrecision.current } == .fp32)
}

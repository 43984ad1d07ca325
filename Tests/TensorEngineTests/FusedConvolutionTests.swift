import TensorEngine
import TestSupport
import Testing

/// `conv2d(epilogue:)` against the separate ops it replaces (conv, evaluation batch norm,
/// residual add, ReLU), on every kernel path, in both element types: equal to a few units in the
/// last place of the largest output. The separate ops run on AIRS's own kernels
/// (`ConvolutionBackend.native`), whose arithmetic the fused epilogue shares; oneDNN's are
/// compared in `DNNLTrainingConvolutionTests`. Bit equality is not promised: the blocked pointwise path multiplies column blocks
/// of 512, and OpenBLAS's Haswell kernels (`OPENBLAS_CORETYPE=Haswell`, set on some machines)
/// round a block's edge columns differently from the whole product.
@Suite struct FusedConvolutionTests {
    /// One geometry: input and weight shapes and the convolution's hyperparameters.
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let input: [Int], weight: [Int]
        var stride = 1, padding = 0, groups = 1
        var description: String { name }
    }

    static let cases: [Case] = [
        // One sample of a large map: the GEMM on the input itself, in column blocks.
        Case(name: "pointwise direct, blocked", input: [1, 8, 48, 48], weight: [256, 8, 1, 1]),
        Case(name: "pointwise per sample", input: [3, 4, 16, 16], weight: [6, 4, 1, 1]),
        Case(name: "pointwise stacked", input: [3, 4, 5, 5], weight: [6, 4, 1, 1]),
        Case(name: "pointwise strided", input: [2, 4, 5, 5], weight: [6, 4, 1, 1], stride: 2),
        Case(name: "shifted 3x3", input: [2, 3, 32, 32], weight: [5, 3, 3, 3], padding: 1),
        Case(name: "im2col stem", input: [1, 3, 13, 11], weight: [4, 3, 7, 7], stride: 2, padding: 3),
        Case(name: "im2col stacked", input: [5, 2, 4, 4], weight: [3, 2, 3, 3], padding: 1),
        Case(name: "grouped", input: [2, 4, 6, 5], weight: [6, 2, 3, 3], stride: 2, padding: 1, groups: 2),
        Case(name: "depthwise", input: [2, 4, 7, 7], weight: [4, 1, 3, 3], padding: 1, groups: 4),
    ]

    /// `relu(batchNorm(conv(x) + b) + residual)` by the separate ops, and fused.
    func outputs(_ c: Case, dtype: DType, bias: Bool, residual: Bool, relu: Bool) throws -> (
        fused: [Double], separate: [Double]
    ) {
        let x = randomTensor(c.input, seed: 1).cast(to: dtype)
        let w = randomTensor(c.weight, seed: 2, scale: 0.3).cast(to: dtype)
        let b = bias ? randomTensor([c.weight[0]], seed: 3).cast(to: dtype) : nil
        let gamma = randomTensor([c.weight[0]], seed: 4).cast(to: dtype)
        let beta = randomTensor([c.weight[0]], seed: 5).cast(to: dtype)
        var mean = randomTensor([c.weight[0]], seed: 6).cast(to: dtype)
        var variance = try (randomTensor([c.weight[0]], seed: 7) * randomTensor([c.weight[0]], seed: 7) + 0.5).cast(
            to: dtype)
        let conv = try Tensor.withConvolutionBackend(.native) {
            try x.conv2d(weight: w, bias: b, stride: c.stride, padding: c.padding, groups: c.groups)
        }
        let shortcut = residual ? randomTensor(conv.shape, seed: 8).cast(to: dtype) : nil
        var separate = try conv.batchNorm(
            weight: gamma, bias: beta, runningMean: &mean, runningVariance: &variance,
            training: false, epsilon: 1e-5)
        if let shortcut { separate = try separate + shortcut }
        if relu { separate = separate.relu() }
        let epilogue = try ConvolutionEpilogue.batchNorm(
            weight: gamma, bias: beta, runningMean: mean, runningVariance: variance,
            epsilon: 1e-5, dtype: dtype, relu: relu, residual: shortcut)
        let fused = try x.conv2d(
            weight: w, bias: b, stride: c.stride, padding: c.padding, groups: c.groups, epilogue: epilogue)
        #expect(fused.shape == separate.shape)
        return (fused.doubles, separate.doubles)
    }

    @Test(arguments: cases) func batchNormReluEqualsSeparateOps(_ c: Case) throws {
        for dtype in [DType.float32, .float64] {
            let (fused, separate) = try outputs(c, dtype: dtype, bias: false, residual: false, relu: true)
            #expect(agreeInLastPlaces(fused, separate, dtype), "\(c) \(dtype)")
            #expect(fused.contains(0) && fused.contains { $0 > 0 }, "the case exercises both sides of the ReLU")
        }
    }

    @Test(arguments: cases) func biasResidualEqualsSeparateOps(_ c: Case) throws {
        for dtype in [DType.float32, .float64] {
            let (fused, separate) = try outputs(c, dtype: dtype, bias: true, residual: true, relu: true)
            #expect(agreeInLastPlaces(fused, separate, dtype), "\(c) \(dtype)")
        }
    }

    @Test func withoutReluKeepsNegatives() throws {
        let (fused, separate) = try outputs(Self.cases[3], dtype: .float32, bias: false, residual: true, relu: false)
        #expect(agreeInLastPlaces(fused, separate, .float32))
        #expect(fused.contains { $0 < 0 })
    }

    @Test func emptyEpilogueIsThePlainConvolution() throws {
        for c in Self.cases {
            let x = randomTensor(c.input, seed: 1).cast(to: .float32)
            let w = randomTensor(c.weight, seed: 2).cast(to: .float32)
            let b = randomTensor([c.weight[0]], seed: 3).cast(to: .float32)
            let plain = try Tensor.withConvolutionBackend(.native) {
                try x.conv2d(weight: w, bias: b, stride: c.stride, padding: c.padding, groups: c.groups)
            }
            let fused = try x.conv2d(
                weight: w, bias: b, stride: c.stride, padding: c.padding, groups: c.groups, epilogue: .init())
            #expect(fused.doubles == plain.doubles, "\(c)")
        }
    }

    @Test func refusesToDropAGradient() throws {
        let x = randomTensor([1, 2, 4, 4], seed: 1).requiringGradient()
        let w = randomTensor([3, 2, 1, 1], seed: 2)
        #expect {
            _ = try x.conv2d(weight: w, epilogue: ConvolutionEpilogue(relu: true))
        } throws: { "\($0)".contains("withoutGradient") }
        let y = try Tensor.withoutGradient { try x.conv2d(weight: w, epilogue: ConvolutionEpilogue(relu: true)) }
        #expect(!y.requiresGradient)
        #expect(y.doubles == (try Tensor.withConvolutionBackend(.native) { try x.conv2d(weight: w) }.relu().doubles))
    }

    @Test func badOperandsNameTheirShapes() throws {
        let x = randomTensor([1, 2, 4, 4], seed: 1)
        let w = randomTensor([3, 2, 1, 1], seed: 2)
        #expect {
            _ = try x.conv2d(weight: w, epilogue: ConvolutionEpilogue(scale: randomTensor([4], seed: 3)))
        } throws: { "\($0)".contains("scale must be [3]") }
        #expect {
            _ = try x.conv2d(weight: w, epilogue: ConvolutionEpilogue(residual: randomTensor([1, 3, 4, 5], seed: 3)))
        } throws: { "\($0)".contains("[1, 3, 4, 5]") && "\($0)".contains("residual") }
        #expect {
            _ = try x.conv2d(
                weight: w, epilogue: ConvolutionEpilogue(shift: randomTensor([3], seed: 3).cast(to: .float32)))
        } throws: { "\($0)".contains("float32") }
        #expect {
            _ = try ConvolutionEpilogue.batchNorm(
                weight: nil, bias: randomTensor([2], seed: 3), runningMean: .zeros([3]),
                runningVariance: .ones([3]), epsilon: 1e-5, dtype: .float64)
        } throws: { "\($0)".contains("bias") }
    }
}

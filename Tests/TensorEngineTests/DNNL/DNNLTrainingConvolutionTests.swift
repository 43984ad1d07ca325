import TensorEngine
import TestSupport
import Testing

/// `conv2d` on oneDNN (the default backend for ungrouped fp32 convolutions) against AIRS's
/// own kernels in float64, whose gradients `ConvolutionTests` checks by finite differences:
/// the output and every gradient agree to fp32 rounding of sums of up to a few thousand
/// terms, measured at the largest magnitude (as `FusedConvolutionTests` measures).
@Suite struct DNNLTrainingConvolutionTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let input: [Int], weight: [Int]
        var stride = 1, padding = 0, dilation = 1
        var description: String { name }
    }

    static let cases: [Case] = [
        // On AVX-512 every pass a Winograd one.
        Case(name: "3x3 same", input: [3, 16, 8, 8], weight: [32, 16, 3, 3], padding: 1),
        // ResNet18's layer4 at last stride 1: a Winograd weight gradient on AVX-512.
        Case(name: "3x3 on 4x4 maps", input: [8, 32, 4, 4], weight: [32, 32, 3, 3], padding: 1),
        // The same at 32 px: every output pixel reads the whole map, one GEMM per pixel pair
        // (`DNNLWholeMapConvolution`); also on 1x1 maps (only the centre tap is used), on a 2x1
        // map, and strided.
        Case(name: "3x3 on 2x2 maps", input: [8, 32, 2, 2], weight: [32, 32, 3, 3], padding: 1),
        Case(name: "3x3 on 1x1 maps", input: [5, 16, 1, 1], weight: [24, 16, 3, 3], padding: 1),
        Case(name: "3x3 on a 2x1 map", input: [3, 8, 2, 1], weight: [16, 8, 3, 3], padding: 1),
        Case(name: "strided 3x3 on 2x2 maps", input: [4, 16, 2, 2], weight: [8, 16, 3, 3], stride: 2, padding: 1),
        Case(name: "7x7 stem", input: [2, 3, 13, 11], weight: [16, 3, 7, 7], stride: 2, padding: 3),
        Case(name: "1x1 strided shortcut", input: [2, 16, 7, 7], weight: [32, 16, 1, 1], stride: 2),
        Case(name: "1x1", input: [2, 24, 5, 5], weight: [8, 24, 1, 1]),
        Case(name: "dilated odd channels", input: [2, 5, 9, 9], weight: [7, 5, 3, 3], padding: 2, dilation: 2),
    ]

    @Test(arguments: cases) func outputAndGradientsMatchTheNativeKernels(_ c: Case) throws {
        try ConvolutionAgainstNative(
            input: c.input, weight: c.weight, stride: c.stride, padding: c.padding, dilation: c.dilation
        ).expectMatchesNative(on: .dnnl, "\(c)")
    }

    /// The weights' reordered copy is shared by the passes over the same weight tensor and
    /// follows it: two batches through one weight tensor each get their own result, and new
    /// weights (a new tensor, as after an optimizer step, possibly at a freed tensor's address)
    /// give the new weights' output.
    @Test func reorderedWeightsFollowTheWeightTensor() throws {
        let inputs = [randomTensor([2, 16, 6, 6], seed: 1), randomTensor([5, 16, 6, 6], seed: 3)]
        for round in 1...3 {
            let w = randomTensor([32, 16, 3, 3], seed: UInt64(10 + round), scale: 0.3)
            for x in inputs {
                let y = try x.cast(to: .float32).conv2d(weight: w.cast(to: .float32), padding: 1)
                let reference = try Tensor.withConvolutionBackend(.native) { try x.conv2d(weight: w, padding: 1) }
                #expect(
                    errorAtLargestMagnitude(y.doubles, reference.doubles) < 2e-5, "round \(round), batch \(x.shape[0])")
            }
        }
    }

    /// Winograd F(4x4, 3x3) runs the weight gradient on output maps of at least 4x4 and the
    /// forward and input gradient on maps of at least 8x8 (`DNNLTrainingConvolution.usesWinograd`).
    @Test func winogradRunsWhereItWasMeasuredFaster() throws {
        for (size, passes) in [(8, 3), (4, 1), (2, 0)] {
            let shapes = (source: [4, 32, size, size], weights: [32, 32, 3, 3], destination: [4, 32, size, size])
            let winograd = try [DNNLTrainingConvolution.Pass.forward, .backwardData, .backwardWeights].filter { pass in
                let key = DNNLTrainingConvolution(
                    pass, source: shapes.source, weights: shapes.weights, destination: shapes.destination,
                    hasBias: false, stride: 1, padding: 1, dilation: 1)
                return try DNNLPrimitiveCache.primitive(key).implementation.contains("wino")
            }
            #expect(winograd.count == passes, "\(size)x\(size): Winograd for \(winograd)")
        }
    }

    @Test func onlyTheNeededGradientsAreComputed() throws {
        let x = randomTensor([2, 4, 6, 6], seed: 1).cast(to: .float32)
        let w = randomTensor([8, 4, 3, 3], seed: 2).cast(to: .float32)
        let frozenInput = w.requiringGradient()
        try x.conv2d(weight: frozenInput, padding: 1).sum().backward()
        let reference = try Tensor.withConvolutionBackend(.native) {
            let leaf = w.cast(to: .float64).requiringGradient()
            try x.cast(to: .float64).conv2d(weight: leaf, padding: 1).sum().backward()
            return leaf.gradient?.doubles ?? []
        }
        #expect(errorAtLargestMagnitude(frozenInput.gradient?.doubles ?? [], reference) < 2e-5)
        let leaf = x.requiringGradient()
        try leaf.conv2d(weight: w, padding: 1).sum().backward()
        #expect(leaf.gradient?.shape == [2, 4, 6, 6])
    }

    @Test func float64AndGroupedConvolutionsStayOnTheNativeKernels() throws {
        // Equal bit for bit: neither goes near oneDNN.
        let x = randomTensor([2, 4, 6, 6], seed: 1)
        let w = randomTensor([4, 2, 3, 3], seed: 2)
        let grouped = { try x.cast(to: .float32).conv2d(weight: w.cast(to: .float32), padding: 1, groups: 2).doubles }
        #expect(try grouped() == Tensor.withConvolutionBackend(.native) { try grouped() })
        let wide = randomTensor([3, 4, 3, 3], seed: 3)
        #expect(
            try x.conv2d(weight: wide).doubles
                == Tensor.withConvolutionBackend(.native) { try x.conv2d(weight: wide) }
                .doubles)
    }
}

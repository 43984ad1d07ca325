import TensorEngine
import TestSupport
import Testing

/// The ops of `Tensor.withSplitInvariantGradients` compute what the ops compute on Double
/// operands, rounded to fp32 only where the result is an activation or its gradient; they keep
/// a parameter's gradient in Double and give a sample the same output whatever its batch.
@Suite struct SplitInvariantGradientsTests {
    /// `(input shape, weight shape, stride, padding, groups)`: im2col, 1x1 on a map and on
    /// single pixels, depthwise (the kernels MobileNetV3 and ResNet reach at 32 px).
    static let convolutions: [([Int], [Int], Int, Int, Int)] = [
        ([4, 3, 16, 16], [8, 3, 3, 3], 2, 1, 1), ([4, 16, 8, 8], [24, 16, 1, 1], 1, 0, 1),
        ([4, 16, 1, 1], [8, 16, 1, 1], 1, 0, 1), ([4, 16, 8, 8], [16, 1, 3, 3], 1, 1, 16),
        ([4, 64, 8, 8], [32, 64, 3, 3], 1, 1, 1),
    ]

    /// The output and every input's gradient of `body(x, w, b)` under a loss that weighs each
    /// output element differently, with the mode on or off.
    static func run(
        splitInvariant: Bool, _ x: Tensor, _ w: Tensor, _ b: Tensor, _ body: (Tensor, Tensor, Tensor) throws -> Tensor
    ) throws -> (output: Tensor, gradients: [Tensor]) {
        let leaves = [x, w, b].map { $0.requiringGradient() }
        let output = try Tensor.withSplitInvariantGradients(splitInvariant) {
            // The input as an activation (not a leaf), whose gradient another op reads.
            let y = try body(leaves[0] + Tensor.zeros(x.shape, dtype: x.dtype), leaves[1], leaves[2])
            let weights = randomTensor(y.shape, seed: 99).cast(to: .float32).cast(to: y.dtype)
            try (y * weights).sum().backward()
            return y
        }
        return (output, try leaves.map { try #require($0.gradient) })
    }

    @Test(arguments: convolutions)
    func convolutionMatchesDoubleAndKeepsParameterGradientsInDouble(
        geometry: ([Int], [Int], Int, Int, Int)
    ) throws {
        let (xShape, wShape, stride, padding, groups) = geometry
        let x = randomTensor(xShape, seed: 1).cast(to: .float32)
        let w = randomTensor(wShape, seed: 2).cast(to: .float32)
        let b = randomTensor([wShape[0]], seed: 3).cast(to: .float32)
        func conv(_ x: Tensor, _ w: Tensor, _ b: Tensor) throws -> Tensor {
            try x.conv2d(weight: w, bias: b, stride: stride, padding: padding, groups: groups)
        }
        let invariant = try Self.run(splitInvariant: true, x, w, b, conv)
        #expect(invariant.output.dtype == .float32)
        #expect(invariant.gradients.map(\.dtype) == [.float32, .float64, .float64])
        // On Double operands the op is computed but for the final rounding of the output and
        // of the input's gradient; the fp32 op rounds its sums too (3.6e-5 for the 3x3 here).
        let wide = [x, w, b].map { $0.cast(to: .float64) }
        let reference = try Self.run(splitInvariant: false, wide[0], wide[1], wide[2], conv)
        #expect(maxRelativeError(invariant.output.doubles, reference.output.doubles) < 1e-6)
        for (a, e) in zip(invariant.gradients, reference.gradients) {
            #expect(maxRelativeError(a.doubles, e.doubles) < 1e-6)
        }
        let fp32 = try Tensor.withConvolutionBackend(.native) { try Self.run(splitInvariant: false, x, w, b, conv) }
        #expect(maxRelativeError(invariant.output.doubles, fp32.output.doubles) < 1e-4)
        // The first sample alone: its output bit for bit, as in the batch of 4.
        let first = try x.slice(axis: 0, 0..<1).contiguous()
        let alone = try Tensor.withSplitInvariantGradients { try conv(first, w, b) }
        #expect(alone.scalars == (try invariant.output.slice(axis: 0, 0..<1).contiguous().scalars))
    }

    @Test func linearAndBatchNormMatchDouble() throws {
        let x = randomTensor([6, 10], seed: 4).cast(to: .float32)
        let w = randomTensor([7, 10], seed: 5).cast(to: .float32)
        let b = randomTensor([7], seed: 6).cast(to: .float32)
        func layers(_ x: Tensor, _ w: Tensor, _ b: Tensor) throws -> Tensor {
            var mean = Tensor.zeros([7], dtype: x.dtype)
            var variance = Tensor.ones([7], dtype: x.dtype)
            let y = try x.linear(weight: w, bias: b)
            return try y.batchNorm(weight: b, bias: b, runningMean: &mean, runningVariance: &variance, training: true)
        }
        let wide = [x, w, b].map { $0.cast(to: .float64) }
        let reference = try Self.run(splitInvariant: false, wide[0], wide[1], wide[2], layers)
        let invariant = try Self.run(splitInvariant: true, x, w, b, layers)
        #expect(invariant.gradients.map(\.dtype) == [.float32, .float64, .float64])
        #expect(maxRelativeError(invariant.output.doubles, reference.output.doubles) < 1e-6)
        for (a, e) in zip(invariant.gradients, reference.gradients) {
            #expect(maxRelativeError(a.doubles, e.doubles) < 1e-6)
        }
    }

    /// A parameter reached by a split-invariant op (Double gradient) and by a plain one (fp32)
    /// gets their sum in Double.
    @Test func doubleAndFloatGradientsOfOneLeafAddUp() throws {
        let x = randomTensor([3, 4], seed: 7).cast(to: .float32)
        let w = randomTensor([2, 4], seed: 8).cast(to: .float32).requiringGradient()
        try Tensor.withSplitInvariantGradients {
            try (x.linear(weight: w).sum() + (w * w).sum()).backward()
        }
        let gradient = try #require(w.gradient)
        #expect(gradient.dtype == .float64)
        let expected = zip(try x.sum(axis: 0).doubles, w.doubles.prefix(4)).map { $0 + 2 * $1 }
        #expect(maxRelativeError(Array(gradient.doubles.prefix(4)), expected) < 1e-6)
    }
}

import TestSupport
import Testing

@testable import TensorEngine

/// `conv2d` as Winograd F(2x2, 3x3) (`DNNLWinogradF2Convolution`, the default for 3x3
/// stride-1 padding-1 fp32 convolutions on small even maps) against AIRS's own kernels in
/// float64, whose gradients `ConvolutionTests` checks by finite differences; and its own
/// gradients against central differences of its fp32 forward.
@Suite struct DNNLWinogradF2ConvolutionTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let input: [Int], outChannels: Int
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "ResNet18 layer4 at last stride 1, narrowed", input: [6, 64, 4, 4], outChannels: 64),
        Case(name: "batch 1, odd channels", input: [1, 7, 4, 4], outChannels: 5),
        Case(name: "widening, odd batch", input: [3, 16, 4, 4], outChannels: 40),
        Case(name: "4x2 map", input: [2, 9, 4, 2], outChannels: 11),
        Case(name: "2x4 map", input: [2, 6, 2, 4], outChannels: 3),
        // Wide, with rows of channels that end in a part of a 16-lane block.
        Case(name: "wide, channels not a multiple of 16", input: [2, 520, 4, 4], outChannels: 70),
    ]

    @Test(arguments: cases) func outputAndGradientsMatchTheNativeKernels(_ c: Case) throws {
        let g = try Tensor.zeros(c.input, dtype: .float32).convolutionGeometry(
            weight: .zeros([c.outChannels, c.input[1], 3, 3], dtype: .float32), bias: nil, stride: 1, padding: 1,
            dilation: 1, groups: 1)
        #expect(g.runsWinogradF2)
        try ConvolutionAgainstNative(input: c.input, weight: [c.outChannels, c.input[1], 3, 3], padding: 1)
            .expectMatchesNative(on: .dnnl, "\(c)")
    }

    /// The loss `sum(conv(x, w) + b) · probe)` is linear in each operand, so a central
    /// difference of the fp32 forward is exact but for rounding, whatever the step.
    @Test func gradientsMatchFiniteDifferencesOfTheForward() throws {
        let x = randomTensor([2, 5, 4, 4], seed: 5).cast(to: .float32)
        let w = randomTensor([6, 5, 3, 3], seed: 6, scale: 0.3).cast(to: .float32)
        let b = randomTensor([6], seed: 7).cast(to: .float32)
        let probe = randomTensor([2, 6, 4, 4], seed: 8).cast(to: .float32)
        func loss(_ operands: [Tensor]) throws -> Tensor {
            try (operands[0].conv2d(weight: operands[1], bias: operands[2], padding: 1) * probe).sum()
        }
        let leaves = [x, w, b].map { $0.requiringGradient() }
        try loss(leaves).backward()
        let step = 0.25
        for (index, leaf) in leaves.enumerated() {
            let analytic = leaf.gradient?.doubles ?? []
            let values = leaf.doubles
            for element in stride(from: 0, to: values.count, by: 7) {
                func shifted(_ delta: Double) throws -> Double {
                    var moved = values
                    moved[element] += delta
                    var operands = [x, w, b]
                    operands[index] = try Tensor(shape: leaf.shape, doubles: moved).cast(to: .float32)
                    return try Tensor.withoutGradient { try loss(operands).item() }
                }
                let numeric = (try shifted(step) - shifted(-step)) / (2 * step)
                #expect(abs(numeric - analytic[element]) < 1e-3 * max(1, abs(numeric)), "operand \(index) @ \(element)")
            }
        }
    }

    /// Only 3x3, stride-1, padding-1, undilated, ungrouped convolutions on even maps of at
    /// most 16 pixels, larger than the 2x2 maps `DNNLWholeMapConvolution` takes.
    @Test func theShapeRuleTakesOnlySmallEvenMaps() throws {
        func runs(_ input: [Int], _ kernel: Int = 3, stride: Int = 1, padding: Int = 1, dilation: Int = 1) throws
            -> Bool
        {
            try Tensor.zeros(input, dtype: .float32).convolutionGeometry(
                weight: .zeros([4, input[1], kernel, kernel], dtype: .float32), bias: nil, stride: stride,
                padding: padding, dilation: dilation, groups: 1
            ).runsWinogradF2
        }
        #expect(try runs([2, 4, 4, 4]))
        #expect(try !runs([2, 4, 8, 8]))
        #expect(try !runs([2, 4, 2, 2]))
        #expect(try !runs([2, 4, 3, 4]))
        #expect(try !runs([2, 4, 4, 4], stride: 2))
        #expect(try !runs([2, 4, 4, 4], padding: 0))
        #expect(try !runs([2, 4, 4, 4], padding: 2, dilation: 2))
        #expect(try !runs([2, 4, 4, 4], 5, padding: 2))
    }
}

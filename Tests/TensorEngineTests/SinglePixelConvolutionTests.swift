import TestSupport
import Testing

@testable import TensorEngine

/// 1x1 convolutions on 1x1 maps as plain GEMMs against the general im2col kernels, in both
/// precisions and with a bias, an affine epilogue and a residual; gradients by finite
/// differences through `conv2d`.
@Suite struct SinglePixelConvolutionTests {
    /// (single-pixel, general) outputs `[y, dx, dw, db]` for `[batch, inputs, 1, 1]` → `outputs`.
    func run<T: TensorScalar>(_: T.Type, batch: Int, inputs: Int, outputs: Int) -> (fast: [[T]], general: [[T]]) {
        let g = ConvolutionGeometry(
            batch: batch, inChannels: inputs, height: 1, width: 1, outChannels: outputs, groups: 1,
            kernelHeight: 1, kernelWidth: 1, stride: 1, padding: 0, dilation: 1)
        let dtype = T.dtype
        let x = randomTensor([batch, inputs, 1, 1], seed: 1).cast(to: dtype)
        let w = randomTensor([outputs, inputs, 1, 1], seed: 2).cast(to: dtype)
        let b = randomTensor([outputs], seed: 3).cast(to: dtype)
        let scale = randomTensor([outputs], seed: 4).cast(to: dtype)
        let shift = randomTensor([outputs], seed: 5).cast(to: dtype)
        let residual = randomTensor([batch, outputs, 1, 1], seed: 6).cast(to: dtype)
        let dy = randomTensor([batch, outputs, 1, 1], seed: 7).cast(to: dtype)
        func results(fast: Bool) -> [[T]] {
            var y = [T](repeating: 0, count: batch * outputs)
            var dx = [T](repeating: 0, count: batch * inputs)
            var dw = [T](repeating: 0, count: outputs * inputs)
            var db = [T](repeating: 0, count: outputs)
            withExtendedLifetime((x, w, b, scale, shift, residual, dy)) {
                let epilogue = ConvolutionEpilogueKernel(
                    bias: b.pointer(T.self), scale: scale.pointer(T.self), shift: shift.pointer(T.self),
                    residual: residual.pointer(T.self), relu: true)
                if fast {
                    singlePixelConvolutionForward(
                        input: x.pointer(T.self), weight: w.pointer(T.self), output: &y, epilogue: epilogue, g)
                    singlePixelConvolutionBackward(
                        input: x.pointer(T.self), weight: w.pointer(T.self), outputGradient: dy.pointer(T.self),
                        inputGradient: &dx, weightGradient: &dw, biasGradient: &db, g)
                } else {
                    conv2dForward(
                        input: x.pointer(T.self), weight: w.pointer(T.self), output: &y, epilogue: epilogue, g)
                    conv2dBackward(
                        input: x.pointer(T.self), weight: w.pointer(T.self), outputGradient: dy.pointer(T.self),
                        inputGradient: &dx, weightGradient: &dw, biasGradient: &db, g)
                }
            }
            return [y, dx, dw, db]
        }
        return (results(fast: true), results(fast: false))
    }

    func check<T: TensorScalar>(_ type: T.Type, tolerance: Double) {
        for (batch, inputs, outputs) in [(1, 3, 5), (7, 17, 9), (32, 40, 33)] {
            let (fast, general) = run(type, batch: batch, inputs: inputs, outputs: outputs)
            for (name, index) in [("output", 0), ("input gradient", 1), ("weight gradient", 2), ("bias gradient", 3)] {
                let error = maxRelativeError(fast[index].map(\.asDouble), general[index].map(\.asDouble))
                #expect(error < tolerance, "\(name) \(T.dtype) [\(batch), \(inputs)] → \(outputs): \(error)")
            }
        }
    }

    @Test func float32MatchesGeneralKernels() { check(Float.self, tolerance: 1e-5) }
    @Test func float64MatchesGeneralKernels() { check(Double.self, tolerance: 1e-12) }

    @Test func takenOnlyForOnePixelUngroupedPointwise() {
        func geometry(_ size: Int, groups: Int = 1, stride: Int = 1, batch: Int = 2) -> ConvolutionGeometry {
            ConvolutionGeometry(
                batch: batch, inChannels: 4, height: size, width: size, outChannels: 4, groups: groups,
                kernelHeight: 1, kernelWidth: 1, stride: stride, padding: 0, dilation: 1)
        }
        #expect(geometry(1).isSinglePixel)
        #expect(
            !geometry(2).isSinglePixel && !geometry(1, groups: 2).isSinglePixel && !geometry(1, batch: 0).isSinglePixel)
    }

    @Test func gradient() throws {
        #expect(
            try gradientCheck([
                randomTensor([3, 6, 1, 1], seed: 1), randomTensor([4, 6, 1, 1], seed: 2), randomTensor([4], seed: 3),
            ]) {
                try $0[0].conv2d(weight: $0[1], bias: $0[2])
            } < 1e-6)
    }
}

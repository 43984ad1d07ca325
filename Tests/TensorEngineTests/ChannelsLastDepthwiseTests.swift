import TestSupport
import Testing

@testable import TensorEngine

/// The channels-last depthwise kernels against the plane-at-a-time kernels they replaced for
/// one filter per channel: forward and input gradient bit for bit, the weight gradient (summed
/// in another order) to a tight tolerance, in both precisions, on shapes whose channel count is
/// not a multiple of the SIMD width.
@Suite struct ChannelsLastDepthwiseTests {
    struct Case {
        var batch: Int, channels: Int, height: Int, width: Int, kernel: (Int, Int), stride: Int, padding: Int,
            dilation: Int
        var geometry: ConvolutionGeometry {
            ConvolutionGeometry(
                batch: batch, inChannels: channels, height: height, width: width, outChannels: channels,
                groups: channels, kernelHeight: kernel.0, kernelWidth: kernel.1, stride: stride,
                padding: padding, dilation: dilation)
        }
    }

    static let cases: [Case] = [
        Case(batch: 3, channels: 11, height: 4, width: 4, kernel: (5, 5), stride: 1, padding: 2, dilation: 1),
        Case(batch: 2, channels: 9, height: 7, width: 5, kernel: (3, 3), stride: 1, padding: 1, dilation: 1),
        Case(batch: 1, channels: 3, height: 6, width: 7, kernel: (3, 2), stride: 1, padding: 2, dilation: 2),
        Case(batch: 2, channels: 17, height: 9, width: 8, kernel: (5, 5), stride: 2, padding: 2, dilation: 1),
        Case(batch: 3, channels: 8, height: 7, width: 7, kernel: (3, 3), stride: 2, padding: 1, dilation: 1),
        Case(batch: 2, channels: 5, height: 8, width: 6, kernel: (3, 3), stride: 3, padding: 0, dilation: 2),
        // Padding wider than the kernel: the border outputs have no tap inside the image.
        Case(batch: 2, channels: 4, height: 2, width: 3, kernel: (3, 3), stride: 1, padding: 3, dilation: 1),
        Case(batch: 2, channels: 10, height: 3, width: 2, kernel: (3, 2), stride: 2, padding: 3, dilation: 1),
    ]

    /// (new, old) forward outputs, input gradients and weight gradients of one case.
    func run<T: TensorScalar>(_: T.Type, _ c: Case) -> (new: [[T]], old: [[T]]) {
        let g = c.geometry
        let dtype = T.dtype
        let x = randomTensor([c.batch, c.channels, c.height, c.width], seed: 1).cast(to: dtype)
        let w = randomTensor([c.channels, 1, c.kernel.0, c.kernel.1], seed: 2).cast(to: dtype)
        let b = randomTensor([c.channels], seed: 3).cast(to: dtype)
        let dy = randomTensor([c.batch, c.channels, g.outHeight, g.outWidth], seed: 4).cast(to: dtype)
        func outputs(
            _ forward: (UnsafePointer<T>, UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void,
            _ backward: (
                UnsafePointer<T>, UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>, UnsafeMutablePointer<T>
            ) -> Void
        ) -> [[T]] {
            var y = [T](repeating: 0, count: dy.count)
            var dx = [T](repeating: 0, count: x.count)
            var dw = [T](repeating: 0, count: w.count)
            withExtendedLifetime((x, w, b, dy)) {
                forward(x.pointer(T.self), w.pointer(T.self), b.pointer(T.self), &y)
                backward(x.pointer(T.self), w.pointer(T.self), dy.pointer(T.self), &dx, &dw)
            }
            return [y, dx, dw]
        }
        let new = outputs(
            { channelsLastDepthwiseForward(input: $0, weight: $1, bias: $2, output: $3, g) },
            {
                channelsLastDepthwiseBackward(
                    input: $0, weight: $1, outputGradient: $2, inputGradient: $3, weightGradient: $4, g)
            })
        let old =
            c.stride == 1
            ? outputs(
                { paddedDepthwiseForward(input: $0, weight: $1, bias: $2, output: $3, g) },
                {
                    paddedDepthwiseBackward(
                        input: $0, weight: $1, outputGradient: $2, inputGradient: $3, weightGradient: $4, g)
                })
            : outputs(
                { stridedDepthwiseForward(input: $0, weight: $1, bias: $2, output: $3, g) },
                {
                    stridedDepthwiseBackward(
                        input: $0, weight: $1, outputGradient: $2, inputGradient: $3, weightGradient: $4, g)
                })
        return (new, old)
    }

    func check<T: TensorScalar>(_ type: T.Type, tolerance: Double) {
        for c in Self.cases {
            let (new, old) = run(type, c)
            #expect(new[0] == old[0], "forward \(T.dtype) \(c)")
            #expect(new[1] == old[1], "input gradient \(T.dtype) \(c)")
            let error = maxRelativeError(new[2].map(\.asDouble), old[2].map(\.asDouble))
            #expect(error < tolerance, "weight gradient \(T.dtype) \(c): \(error)")
        }
    }

    @Test func float32MatchesPlaneKernels() { check(Float.self, tolerance: 1e-5) }
    @Test func float64MatchesPlaneKernels() { check(Double.self, tolerance: 1e-12) }

    @Test func gradientOneFilterPerChannel() throws {
        #expect(
            try gradientCheck([
                randomTensor([2, 9, 5, 4], seed: 7), randomTensor([9, 1, 5, 5], seed: 5), randomTensor([9], seed: 6),
            ]) {
                try $0[0].conv2d(weight: $0[1], bias: $0[2], padding: 2, groups: 9)
            } < 1e-6)
        #expect(
            try gradientCheck([randomTensor([2, 10, 7, 6], seed: 7), randomTensor([10, 1, 3, 3], seed: 5)]) {
                try $0[0].conv2d(weight: $0[1], stride: 2, padding: 1, dilation: 2, groups: 10)
            } < 1e-6)
    }
}

import TensorEngine
import TestSupport
import Testing

/// A 2-D convolution's geometry, run through `sum(conv(x) · probe)` to compare a backend's fp32
/// passes with AIRS's own kernels in float64, whose gradients `ConvolutionTests` checks by
/// finite differences (the oneDNN paths' tests).
struct ConvolutionAgainstNative {
    let input: [Int], weight: [Int]
    var stride = 1, padding = 0, dilation = 1

    /// Output, input, weight and bias gradients on `backend`, in `dtype`.
    func run(_ backend: ConvolutionBackend, _ dtype: DType, bias: Bool) throws -> [[Double]] {
        let x = randomTensor(input, seed: 1).cast(to: dtype).requiringGradient()
        let w = randomTensor(weight, seed: 2, scale: 0.3).cast(to: dtype).requiringGradient()
        let b = bias ? randomTensor([weight[0]], seed: 3).cast(to: dtype).requiringGradient() : nil
        let y = try Tensor.withConvolutionBackend(backend) {
            try x.conv2d(weight: w, bias: b, stride: stride, padding: padding, dilation: dilation)
        }
        try (y * randomTensor(y.shape, seed: 4).cast(to: dtype)).sum().backward()
        return [y, x.gradient, w.gradient, b?.gradient].compactMap { $0?.doubles }
    }

    /// Expects the fp32 passes on `backend`, with and without a bias, within 2e-5 of the
    /// largest magnitude of the native float64 ones (`name` says which case failed).
    func expectMatchesNative(on backend: ConvolutionBackend, _ name: String) throws {
        for bias in [false, true] {
            let tested = try run(backend, .float32, bias: bias)
            let native = try run(.native, .float64, bias: bias)
            #expect(tested.count == (bias ? 4 : 3))
            for (part, (a, b)) in zip(["output", "dx", "dw", "db"], zip(tested, native)) {
                #expect(errorAtLargestMagnitude(a, b) < 2e-5, "\(name) bias \(bias): \(part)")
            }
        }
    }
}

/// The largest difference over the largest magnitude of `b` (at least 1); infinite when the
/// counts differ.
func errorAtLargestMagnitude(_ a: [Double], _ b: [Double]) -> Double {
    let scale = max(1, b.map(abs).max() ?? 0)
    return a.count == b.count ? zip(a, b).map { abs($0 - $1) / scale }.max() ?? 0 : .infinity
}

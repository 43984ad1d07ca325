import TensorEngine
import TestSupport
import Testing

/// Convolution values against a direct six-loop definition, gradients against finite
/// differences, and the errors bad shapes raise.
@Suite struct ConvolutionTests {
    /// PyTorch's definition written out: no im2col, no GEMM.
    func reference(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride: Int, padding: Int, dilation: Int, groups: Int)
        -> [Double]
    {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, cg, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
        let oh = (h + 2 * padding - dilation * (kh - 1) - 1) / stride + 1
        let ow = (wd + 2 * padding - dilation * (kw - 1) - 1) / stride + 1
        let xs = x.doubles
        let ws = w.doubles
        let bs = b?.doubles
        var out = [Double](repeating: 0, count: n * o * oh * ow)
        let og = o / groups
        for s in 0..<n {
            for oc in 0..<o {
                for i in 0..<oh {
                    for j in 0..<ow {
                        var total = bs?[oc] ?? 0
                        for ic in 0..<cg {
                            for a in 0..<kh {
                                for bb in 0..<kw {
                                    let (y, xx) = (
                                        i * stride - padding + a * dilation, j * stride - padding + bb * dilation
                                    )
                                    guard y >= 0, y < h, xx >= 0, xx < wd else { continue }
                                    let channel = (oc / og) * cg + ic
                                    total +=
                                        xs[((s * c + channel) * h + y) * wd + xx]
                                        * ws[((oc * cg + ic) * kh + a) * kw + bb]
                                }
                            }
                        }
                        out[((s * o + oc) * oh + i) * ow + j] = total
                    }
                }
            }
        }
        return out
    }

    func matchesReference(
        input: [Int], weight: [Int], bias: Bool = true, stride: Int = 1, padding: Int = 0,
        dilation: Int = 1, groups: Int = 1
    ) throws -> Double {
        let x = randomTensor(input, seed: 1).cast(to: .float32)
        let w = randomTensor(weight, seed: 2).cast(to: .float32)
        let b = bias ? randomTensor([weight[0]], seed: 3).cast(to: .float32) : nil
        let y = try x.conv2d(weight: w, bias: b, stride: stride, padding: padding, dilation: dilation, groups: groups)
        return maxRelativeError(
            y.doubles, reference(x, w, b, stride: stride, padding: padding, dilation: dilation, groups: groups))
    }

    @Test func plain3x3() throws {
        #expect(try matchesReference(input: [2, 3, 7, 6], weight: [4, 3, 3, 3], padding: 1) < 1e-5)
    }
    @Test func strided() throws {
        #expect(try matchesReference(input: [2, 3, 9, 8], weight: [5, 3, 3, 2], stride: 2, padding: 2) < 1e-5)
    }
    @Test func stem7x7() throws {
        #expect(
            try matchesReference(input: [1, 3, 13, 11], weight: [4, 3, 7, 7], bias: false, stride: 2, padding: 3) < 1e-5
        )
    }
    @Test func dilated() throws {
        #expect(try matchesReference(input: [2, 2, 8, 8], weight: [3, 2, 3, 3], padding: 2, dilation: 2) < 1e-5)
    }
    @Test func pointwise() throws { #expect(try matchesReference(input: [3, 4, 5, 5], weight: [6, 4, 1, 1]) < 1e-5) }
    @Test func pointwiseSamplesOneByOne() throws {
        #expect(try matchesReference(input: [3, 4, 16, 16], weight: [6, 4, 1, 1]) < 1e-5)
    }
    @Test func pointwiseStrided() throws {
        #expect(try matchesReference(input: [2, 4, 5, 5], weight: [6, 4, 1, 1], stride: 2) < 1e-5)
    }
    @Test func grouped() throws {
        #expect(try matchesReference(input: [2, 4, 6, 5], weight: [6, 2, 3, 3], padding: 1, groups: 2) < 1e-5)
    }
    @Test func depthwise() throws {
        #expect(
            try matchesReference(input: [2, 4, 7, 7], weight: [4, 1, 5, 5], stride: 2, padding: 2, groups: 4) < 1e-5)
    }
    @Test func depthwiseDilated() throws {
        #expect(
            try matchesReference(input: [3, 4, 6, 5], weight: [4, 1, 3, 3], padding: 1, dilation: 2, groups: 4) < 1e-5)
    }
    @Test func depthwiseMultiplier() throws {
        #expect(try matchesReference(input: [2, 3, 6, 6], weight: [6, 1, 3, 3], padding: 1, groups: 3) < 1e-5)
    }
    @Test func rectangularDilatedStride1() throws {
        #expect(try matchesReference(input: [1, 3, 6, 7], weight: [4, 3, 2, 3], padding: 1, dilation: 2) < 1e-5)
    }
    @Test func smallMapsStackedInChunks() throws {
        #expect(try matchesReference(input: [9, 3, 3, 2], weight: [4, 3, 3, 3], padding: 1) < 1e-5)
    }
    @Test func largerBatchThanThreads() throws {
        #expect(try matchesReference(input: [5, 2, 4, 4], weight: [3, 2, 3, 3], padding: 1) < 1e-5)
    }

    let x = randomTensor([2, 4, 5, 5], seed: 4)
    let b = randomTensor([6], seed: 6)
    @Test func gradient3x3() throws {
        #expect(
            try gradientCheck([x, randomTensor([6, 4, 3, 3], seed: 5), b]) {
                try $0[0].conv2d(weight: $0[1], bias: $0[2], padding: 1)
            } < 1e-6)
    }
    @Test func gradientStridedDilated() throws {
        #expect(
            try gradientCheck([x, randomTensor([3, 4, 2, 3], seed: 5)]) {
                try $0[0].conv2d(weight: $0[1], stride: 2, padding: 1, dilation: 2)
            } < 1e-6)
    }
    /// Size-keeping stride-1 convolutions unfold each tap as one shifted copy of the plane;
    /// kernels wider than the map and dilated ones wrap across whole rows.
    @Test func sizeKeepingKernelsWiderThanTheMap() throws {
        #expect(try matchesReference(input: [2, 3, 4, 3], weight: [4, 3, 7, 7], padding: 3) < 1e-5)
        #expect(try matchesReference(input: [3, 2, 5, 6], weight: [3, 2, 5, 5], padding: 4, dilation: 2) < 1e-5)
    }
    @Test func gradientSizeKeeping5x5() throws {
        #expect(
            try gradientCheck([randomTensor([2, 3, 4, 5], seed: 9), randomTensor([2, 3, 5, 5], seed: 5)]) {
                try $0[0].conv2d(weight: $0[1], padding: 2)
            } < 1e-6)
        #expect(
            try gradientCheck([randomTensor([3, 2, 3, 4], seed: 9), randomTensor([2, 2, 3, 3], seed: 5)]) {
                try $0[0].conv2d(weight: $0[1], padding: 3, dilation: 3)
            } < 1e-6)
    }
    @Test func gradientRectangularDilatedStride1() throws {
        #expect(
            try gradientCheck([
                randomTensor([3, 2, 5, 6], seed: 8), randomTensor([3, 2, 3, 2], seed: 5), randomTensor([3], seed: 6),
            ]) {
                try $0[0].conv2d(weight: $0[1], bias: $0[2], padding: 2, dilation: 2)
            } < 1e-6)
    }
    @Test func gradientBroadcastInput() throws {
        #expect(
            try gradientCheck([randomTensor([1, 2, 4, 3], seed: 8), randomTensor([3, 2, 3, 3], seed: 5)]) {
                try $0[0].expanded(to: [3, 2, 4, 3]).conv2d(weight: $0[1], padding: 1)
            } < 1e-6)
    }
    @Test func gradientPointwise() throws {
        #expect(
            try gradientCheck([x, randomTensor([6, 4, 1, 1], seed: 5), b]) {
                try $0[0].conv2d(weight: $0[1], bias: $0[2])
            } < 1e-6)
    }
    @Test func gradientGrouped() throws {
        #expect(
            try gradientCheck([x, randomTensor([6, 2, 3, 3], seed: 5)]) {
                try $0[0].conv2d(weight: $0[1], stride: 2, padding: 1, groups: 2)
            } < 1e-6)
    }
    /// Several samples per GEMM: the input gradient is copied back out of the column matrix.
    @Test func gradientPointwiseStacked() throws {
        #expect(
            try gradientCheck([
                randomTensor([3, 4, 3, 2], seed: 7), randomTensor([5, 4, 1, 1], seed: 5), randomTensor([5], seed: 6),
            ]) {
                try $0[0].conv2d(weight: $0[1], bias: $0[2])
            } < 1e-6)
    }
    @Test func gradientDepthwise() throws {
        #expect(
            try gradientCheck([x, randomTensor([8, 1, 3, 3], seed: 5)]) {
                try $0[0].conv2d(weight: $0[1], stride: 2, padding: 1, groups: 4)
            } < 1e-6)
    }
    @Test func gradientDepthwiseStride1() throws {
        #expect(
            try gradientCheck([x, randomTensor([8, 1, 3, 3], seed: 5), randomTensor([8], seed: 6)]) {
                try $0[0].conv2d(weight: $0[1], bias: $0[2], padding: 2, dilation: 2, groups: 4)
            } < 1e-6)
    }
    @Test func gradientStridedInput() throws {
        #expect(
            try gradientCheck([randomTensor([4, 2, 5, 5], seed: 7), randomTensor([3, 4, 3, 3], seed: 5)]) {
                try $0[0].permuted([1, 0, 2, 3]).conv2d(weight: $0[1], padding: 1)
            } < 1e-6)
    }
    @Test func gradientLinear() throws {
        #expect(
            try gradientCheck([
                randomTensor([2, 3, 4], seed: 1), randomTensor([5, 4], seed: 2), randomTensor([5], seed: 3),
            ]) {
                try $0[0].linear(weight: $0[1], bias: $0[2])
            } < 1e-6)
    }

    @Test func inputGradientSkippedWhenNotNeeded() throws {
        let w = Tensor.ones([2, 3, 3, 3]).requiringGradient()
        try Tensor.ones([1, 3, 4, 4]).conv2d(weight: w, padding: 1).sum().backward()
        #expect(w.gradient?.shape == [2, 3, 3, 3])
    }

    func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func wrongChannelCount() {
        let text = message { try Tensor.zeros([1, 3, 8, 8]).conv2d(weight: Tensor.zeros([4, 2, 3, 3])) }
        #expect(text.contains("conv2d") && text.contains("[1, 3, 8, 8]") && text.contains("[4, 2, 3, 3]"))
    }
    @Test func kernelLargerThanInput() {
        let text = message { try Tensor.zeros([1, 3, 4, 4]).conv2d(weight: Tensor.zeros([4, 3, 7, 7]), padding: 1) }
        #expect(text.contains("conv2d") && text.contains("larger than the padded input 6x6"))
    }
    @Test func groupsNotDividing() {
        let text = message { try Tensor.zeros([1, 3, 4, 4]).conv2d(weight: Tensor.zeros([4, 1, 3, 3]), groups: 2) }
        #expect(text.contains("conv2d") && text.contains("groups 2 must divide"))
    }
    @Test func wrongRank() {
        #expect(
            message { try Tensor.zeros([3, 4, 4]).conv2d(weight: Tensor.zeros([4, 3, 3, 3])) }.contains("[3, 4, 4]"))
    }
    @Test func badBias() {
        #expect(
            message {
                try Tensor.zeros([1, 3, 4, 4]).conv2d(weight: Tensor.zeros([4, 3, 3, 3]), bias: Tensor.zeros([3]))
            }.contains("bias must be [4]"))
    }
    @Test func badStride() {
        #expect(
            message { try Tensor.zeros([1, 3, 4, 4]).conv2d(weight: Tensor.zeros([4, 3, 3, 3]), stride: 0) }.contains(
                "stride 0"))
    }
    @Test func noChannels() {
        #expect(
            message { try Tensor.zeros([1, 0, 4, 4]).conv2d(weight: Tensor.zeros([2, 0, 3, 3])) }.contains("at least 1")
        )
    }
    @Test func linearMismatch() {
        #expect(message { try Tensor.zeros([2, 3]).linear(weight: Tensor.zeros([4, 5])) }.contains("linear"))
    }
}

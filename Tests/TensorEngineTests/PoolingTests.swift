import TensorEngine
import TestSupport
import Testing

/// Pooling values on hand-checked inputs, gradients against finite differences.
@Suite struct PoolingTests {
    /// 0, 1, …, 15 as a 4x4 plane.
    let ramp = try! Tensor.arange(16).reshaped([1, 1, 4, 4])

    @Test func maxPoolStem2x2() throws { #expect(try ramp.maxPool2d(kernelSize: 2).scalars == [5, 7, 13, 15]) }
    @Test func maxPoolPaddedIsNegativeInfinity() throws {
        let negative = try ramp * -1.0
        #expect(try negative.maxPool2d(kernelSize: 3, stride: 2, padding: 1).scalars == [0, -1, -4, -5])
    }
    @Test func maxPoolPropagatesNaN() throws {
        let x = try Tensor(shape: [1, 1, 2, 2], scalars: [1, .nan, 3, 4])
        #expect(try x.maxPool2d(kernelSize: 2).scalars[0].isNaN)
    }
    /// The 2x2 fast path: ties go to the first element in row-major order, a NaN wins (and
    /// takes the gradient), overlapping windows (stride 1) read the right elements.
    @Test(arguments: [1, 2]) func maxPool2x2TiesAndNaN(stride: Int) throws {
        let values: [Float] = [2, 2, 1, 7, 2, 2, 7, 0, .nan, 1, 3, 3, 5, 5, 3, 3]
        let x = try Tensor(shape: [1, 1, 4, 4], scalars: values).requiringGradient()
        let y = try x.maxPool2d(kernelSize: 2, stride: stride)
        var winners: [Int] = []
        for oh in Swift.stride(from: 0, through: 2, by: stride) {
            for ow in Swift.stride(from: 0, through: 2, by: stride) {
                let candidates = [oh * 4 + ow, oh * 4 + ow + 1, oh * 4 + ow + 4, oh * 4 + ow + 5]
                winners.append(
                    candidates.first { values[$0].isNaN }
                        ?? candidates.first { values[$0] == candidates.map { values[$0] }.max() }!)
            }
        }
        let got = y.scalars
        #expect(got.count == winners.count)
        for (value, index) in zip(got, winners) {
            #expect(value == values[index] || (value.isNaN && values[index].isNaN))
        }
        try y.backward(seed: .ones(y.shape))
        var routed = [Float](repeating: 0, count: 16)
        for index in winners { routed[index] += 1 }
        #expect(x.gradient?.scalars == routed)
    }
    @Test func avgPoolCountsPadding() throws {
        let y = try Tensor.ones([1, 1, 3, 3]).avgPool2d(kernelSize: 2, stride: 2, padding: 1)
        #expect(y.scalars == [0.25, 0.5, 0.5, 1])
        #expect(
            try Tensor.ones([1, 1, 3, 3]).avgPool2d(kernelSize: 2, stride: 2, padding: 1, countingPadding: false)
                .scalars == [1, 1, 1, 1])
    }
    @Test func adaptiveOverlappingBins() throws {
        // 5 → 3: rows {0,1}, {1,2,3}, {3,4} (PyTorch's floor/ceil rule).
        let x = try Tensor.arange(5).reshaped([1, 1, 1, 5])
        #expect(try x.adaptiveAvgPool2d(height: 1, width: 3).scalars == [0.5, 2, 3.5])
    }
    @Test func adaptiveUpsamplingBins() throws {
        // 2 → 5: bins {0}, {0}, {0,1}, {1}, {1}.
        let x = try Tensor(shape: [1, 1, 1, 2], scalars: [2, 4])
        #expect(try x.adaptiveAvgPool2d(height: 1, width: 5).scalars == [2, 2, 3, 4, 4])
    }
    @Test func globalAverage() throws {
        #expect(try ramp.globalAvgPool2d().scalars == [7.5])
        #expect(try ramp.globalAvgPool2d().shape == [1, 1])
    }

    let x = randomTensor([2, 3, 5, 6], seed: 1)
    @Test func gradientMaxPool() throws {
        #expect(try gradientCheck([x]) { try $0[0].maxPool2d(kernelSize: 3, stride: 2, padding: 1) } < 1e-6)
    }
    @Test func gradientMaxPoolStem() throws {
        #expect(try gradientCheck([x]) { try $0[0].maxPool2d(kernelSize: 2) } < 1e-6)
    }
    @Test func gradientAvgPool() throws {
        #expect(try gradientCheck([x]) { try $0[0].avgPool2d(kernelSize: 3, stride: 2, padding: 1) } < 1e-6)
    }
    @Test func gradientAvgPoolExcludingPadding() throws {
        #expect(
            try gradientCheck([x]) { try $0[0].avgPool2d(kernelSize: 2, stride: 1, padding: 1, countingPadding: false) }
                < 1e-6)
    }
    @Test func gradientAdaptiveOverlapping() throws {
        #expect(try gradientCheck([x]) { try $0[0].adaptiveAvgPool2d(height: 3, width: 4) } < 1e-6)
    }
    @Test func gradientAdaptiveUpsampling() throws {
        #expect(try gradientCheck([x]) { try $0[0].adaptiveAvgPool2d(height: 7, width: 8) } < 1e-6)
    }
    @Test func gradientGlobalStrided() throws {
        #expect(
            try gradientCheck([randomTensor([3, 2, 4, 5], seed: 2)]) {
                try $0[0].permuted([1, 0, 2, 3]).globalAvgPool2d()
            } < 1e-6)
    }

    func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch { return "\(error)" }
    }
    @Test func kernelLargerThanInput() {
        let text = message { try Tensor.zeros([1, 2, 3, 3]).maxPool2d(kernelSize: 5) }
        #expect(
            text.contains("maxPool2d") && text.contains("[1, 2, 3, 3]") && text.contains("larger than the padded input")
        )
    }
    @Test func paddingTooLarge() {
        #expect(message { try Tensor.zeros([1, 2, 6, 6]).avgPool2d(kernelSize: 2, padding: 2) }.contains("padding 2"))
    }
    @Test func emptyPlane() {
        #expect(
            message { try Tensor.zeros([1, 2, 0, 3]).maxPool2d(kernelSize: 2, padding: 1) }.contains("empty plane"))
    }
    @Test func notImages() { #expect(message { try Tensor.zeros([2, 3]).globalAvgPool2d() }.contains("[2, 3]")) }
    @Test func adaptiveEmptyOutput() {
        #expect(message { try ramp.adaptiveAvgPool2d(height: 0, width: 2) }.contains("adaptiveAvgPool2d"))
    }
}

import TensorEngine
import TestSupport
import Testing

/// One line per differentiable op: autograd against central finite differences.
@Suite struct GradientTests {
    let a = randomTensor([3, 4], seed: 1)
    let b = randomTensor([3, 4], seed: 2)
    let row = randomTensor([1, 4], seed: 3)
    let positive = try! randomTensor([3, 4], seed: 4).abs() + 0.5

    @Test func add() throws { #expect(try gradientCheck([a, row]) { try $0[0] + $0[1] } < 1e-6) }
    @Test func subtract() throws { #expect(try gradientCheck([a, row]) { try $0[0] - $0[1] } < 1e-6) }
    @Test func multiply() throws { #expect(try gradientCheck([a, b]) { try $0[0] * $0[1] } < 1e-6) }
    @Test func divide() throws { #expect(try gradientCheck([a, positive]) { try $0[0] / $0[1] } < 1e-6) }
    @Test func divideBroadcast() throws {
        #expect(try gradientCheck([a, row]) { try $0[0] / ($0[1].square() + 1) } < 1e-6)
    }
    @Test func exp() throws { #expect(try gradientCheck([a]) { $0[0].exp() } < 1e-6) }
    @Test func log() throws { #expect(try gradientCheck([positive]) { $0[0].log() } < 1e-6) }
    @Test func log1p() throws { #expect(try gradientCheck([positive]) { $0[0].log1p() } < 1e-6) }
    @Test func sqrt() throws { #expect(try gradientCheck([positive]) { $0[0].sqrt() } < 1e-6) }
    @Test func pow() throws { #expect(try gradientCheck([positive]) { $0[0].pow(2.5) } < 1e-6) }
    @Test func abs() throws { #expect(try gradientCheck([a]) { $0[0].abs() } < 1e-6) }
    @Test func relu() throws { #expect(try gradientCheck([a]) { $0[0].relu() } < 1e-6) }
    @Test func clamp() throws { #expect(try gradientCheck([a]) { $0[0].clamped(min: -0.3, max: 0.4) } < 1e-6) }
    @Test func sigmoid() throws { #expect(try gradientCheck([a]) { $0[0].sigmoid() } < 1e-6) }
    @Test func tanh() throws { #expect(try gradientCheck([a]) { $0[0].tanh() } < 1e-6) }
    @Test func softplus() throws { #expect(try gradientCheck([a]) { $0[0].softplus() } < 1e-6) }
    @Test func gelu() throws { #expect(try gradientCheck([a]) { $0[0].gelu() } < 1e-6) }
    @Test func hardSwish() throws { #expect(try gradientCheck([a * 2]) { $0[0].hardSwish() } < 1e-6) }
    @Test func hardSigmoid() throws { #expect(try gradientCheck([a * 2]) { $0[0].hardSigmoid() } < 1e-6) }
    @Test func maximum() throws { #expect(try gradientCheck([a, b]) { try Tensor.maximum($0[0], $0[1]) } < 1e-6) }
    @Test func minimum() throws { #expect(try gradientCheck([a, row]) { try Tensor.minimum($0[0], $0[1]) } < 1e-6) }
    @Test func sumAxes() throws { #expect(try gradientCheck([a]) { try $0[0].sum(axes: [0]) } < 1e-6) }
    @Test func meanKeep() throws {
        #expect(try gradientCheck([a]) { try $0[0].mean(axis: 1, keepingDimensions: true) } < 1e-6)
    }
    @Test func maxAxis() throws { #expect(try gradientCheck([a]) { try $0[0].max(axis: 1).values } < 1e-6) }
    @Test func minAxis() throws { #expect(try gradientCheck([a]) { try $0[0].min(axis: 0).values } < 1e-6) }
    @Test func matmul() throws { #expect(try gradientCheck([a, b]) { try $0[0].matmul($0[1].transposed()) } < 1e-6) }
    @Test func batchedMatmul() throws {
        let x = randomTensor([2, 3, 4], seed: 5)
        let y = randomTensor([2, 4, 2], seed: 6)
        #expect(try gradientCheck([x, y]) { try $0[0].matmul($0[1]) } < 1e-6)
    }
    @Test func broadcastMatmul() throws {
        let x = randomTensor([2, 3, 4], seed: 5)
        let y = randomTensor([4, 2], seed: 6)
        #expect(try gradientCheck([x, y]) { try $0[0].matmul($0[1]) } < 1e-6)
    }
    @Test func reshape() throws {
        #expect(try gradientCheck([a]) { try $0[0].reshaped([2, 6]) * randomTensor([2, 6], seed: 9) } < 1e-6)
    }
    @Test func permute() throws { #expect(try gradientCheck([a]) { try $0[0].transposed().contiguous() } < 1e-6) }
    @Test func stridedInput() throws {
        #expect(try gradientCheck([a]) { try $0[0].transposed() * randomTensor([4, 3], seed: 8) } < 1e-6)
    }
    @Test func expand() throws {
        #expect(try gradientCheck([row]) { try $0[0].expanded(to: [3, 4]) * randomTensor([3, 4], seed: 8) } < 1e-6)
    }
    @Test func slice() throws { #expect(try gradientCheck([a]) { try $0[0].slice(axis: 1, 1..<3) } < 1e-6) }
    @Test func concatenate() throws {
        #expect(try gradientCheck([a, b]) { try Tensor.concatenated([$0[0], $0[1]], axis: 1) } < 1e-6)
    }
    @Test func pad() throws {
        #expect(try gradientCheck([a]) { try $0[0].padded([(1, 2), (0, 1)], value: 0.5) } < 1e-6)
    }
    @Test func roll() throws {
        #expect(try gradientCheck([a]) { try $0[0].rolled(by: -1, axis: 1) * randomTensor([3, 4], seed: 8) } < 1e-6)
    }
    @Test func gather() throws {
        #expect(try gradientCheck([a]) { try $0[0].gather(columns: [0, 3, 1, 1, 2, 2], k: 2) } < 1e-6)
    }
    @Test func indexSelect() throws { #expect(try gradientCheck([a]) { try $0[0].indexSelect([2, 0, 2]) } < 1e-6) }
    @Test func sortValues() throws {
        #expect(try gradientCheck([a]) { try $0[0].sorted(descending: true).values } < 1e-6)
    }
    @Test func topK() throws { #expect(try gradientCheck([a]) { try $0[0].topK(2).values } < 1e-6) }
    @Test func softmax() throws { #expect(try gradientCheck([a]) { try $0[0].softmax(axis: 1) } < 1e-6) }
    @Test func logSoftmax() throws { #expect(try gradientCheck([a]) { try $0[0].logSoftmax(axis: 0) } < 1e-6) }
    @Test func logSumExp() throws { #expect(try gradientCheck([a]) { try $0[0].logSumExp(axis: 1) } < 1e-6) }
    @Test func norm() throws { #expect(try gradientCheck([a]) { try $0[0].norm(axis: 1) } < 1e-6) }
    @Test func l2Normalize() throws { #expect(try gradientCheck([a]) { try $0[0].l2Normalized(axis: 1) } < 1e-6) }
    @Test func cast() throws {
        #expect(try gradientCheck([a], step: 1e-2) { $0[0].cast(to: .float32).cast(to: .float64).square() } < 1e-4)
    }
}

@Test func whereGradient() throws {
    let mask = try Tensor(shape: [3, 1], doubles: [1, 0, 1])
    let a = randomTensor([3, 4], seed: 11)
    let b = randomTensor([1, 4], seed: 12)
    #expect(try gradientCheck([a, b]) { try $0[0].replacing(where: mask, with: $0[1]) } < 1e-6)
}

@Test func whereIgnoresInfiniteUnchosenSide() throws {
    let mask = try Tensor(shape: [2], scalars: [1, 0])
    let a = try Tensor(shape: [2], scalars: [.infinity, 2])
    let b = try Tensor(shape: [2], scalars: [5, .infinity])
    #expect(try a.replacing(where: mask, with: b).scalars == [5, 2])
}

import TensorEngine
import TestSupport
import Testing

/// The fused SGD step against the same formula written with tensor ops (bit for bit: the
/// kernel rounds its operands and orders its operations as the ops do).
@Suite struct OptimizerKernelsTests {
    func formula(
        _ w: Tensor, _ g: Tensor, _ v: Tensor?, lr: Double, momentum: Double, dampening: Double, decay: Double,
        nesterov: Bool
    ) throws -> (Tensor, Tensor?) {
        var d = decay != 0 ? try g + w * decay : g
        var velocity: Tensor? = nil
        if momentum != 0 {
            let next = try v.map { try $0 * momentum + d * (1 - dampening) } ?? d
            velocity = next
            d = nesterov ? try d + next * momentum : next
        }
        return (try w - d * lr, velocity)
    }

    @Test(arguments: [(0.0, 0.0, 0.0, false), (0.9, 0.0, 5e-4, false), (0.9, 0.1, 5e-4, true), (0.5, 0.0, 0.0, true)])
    func matchesTheTensorFormula(momentum: Double, dampening: Double, decay: Double, nesterov: Bool) throws {
        for dtype in DType.allCases {
            var w = randomTensor([3, 700], seed: 1).cast(to: dtype)
            var expectedWeight = w
            var expectedVelocity: Tensor? = nil
            var velocity: Tensor? = nil
            for step in 0..<3 {
                let g = randomTensor([3, 700], seed: 10 + UInt64(step)).cast(to: dtype)
                (expectedWeight, expectedVelocity) = try formula(
                    expectedWeight, g, expectedVelocity, lr: 0.1, momentum: momentum,
                    dampening: dampening, decay: decay, nesterov: nesterov)
                w = try Tensor.sgdStep(
                    weight: w, gradient: g, velocity: &velocity, learningRate: 0.1, momentum: momentum,
                    dampening: dampening, weightDecay: decay, nesterov: nesterov)
                #expect(w.doubles == expectedWeight.doubles, "step \(step) \(dtype)")
                #expect(velocity?.doubles == expectedVelocity?.doubles, "step \(step) \(dtype)")
            }
        }
    }

    @Test func aSharedMomentumBufferIsNotWrittenThrough() throws {
        let w = randomTensor([4], seed: 2)
        let g = randomTensor([4], seed: 3)
        var velocity: Tensor? = randomTensor([4], seed: 4)
        let snapshot = velocity!
        let before = snapshot.doubles
        _ = try Tensor.sgdStep(weight: w, gradient: g, velocity: &velocity, learningRate: 0.1, momentum: 0.9)
        #expect(snapshot.doubles == before)
        #expect(velocity?.doubles != before)
        let strided = try randomTensor([4, 2], seed: 5).transposed()
        let view = try randomTensor([4, 2], seed: 6).transposed()
        var fromView: Tensor? = view
        let updated = try Tensor.sgdStep(
            weight: strided, gradient: strided, velocity: &fromView, learningRate: 0.1, momentum: 0.9)
        let (expectedWeight, expectedVelocity) = try formula(
            strided, strided, view, lr: 0.1, momentum: 0.9, dampening: 0, decay: 0, nesterov: false)
        #expect(updated.doubles == expectedWeight.doubles)
        #expect(fromView?.doubles == expectedVelocity?.doubles)
    }

    @Test func rejectsMismatchedShapes() {
        var velocity: Tensor? = nil
        #expect(throws: TensorError.self) {
            try Tensor.sgdStep(
                weight: .zeros([2]), gradient: .zeros([3]), velocity: &velocity, learningRate: 0.1, momentum: 0.9)
        }
        velocity = .zeros([3])
        #expect(throws: TensorError.self) {
            try Tensor.sgdStep(
                weight: .zeros([2]), gradient: .zeros([2]), velocity: &velocity, learningRate: 0.1, momentum: 0.9)
        }
    }
}

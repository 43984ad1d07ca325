import TensorEngine
import Testing

/// Bad input throws a `TensorError` whose message names the op and the shapes.
@Suite struct TensorErrorTests {
    let a = Tensor.zeros([2, 3])
    let b = Tensor.zeros([4, 5])

    func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func notBroadcastable() {
        let text = message { try a + b }
        #expect(text.contains("add") && text.contains("[2, 3]") && text.contains("[4, 5]"))
    }

    @Test func matmulInnerDimensions() {
        let text = message { try a.matmul(b) }
        #expect(text.contains("matmul") && text.contains("inner dimensions 3 and 4"))
    }

    @Test func badReshape() { #expect(message { try a.reshaped([4, 2]) }.contains("reshape")) }
    @Test func axisOutOfRange() { #expect(message { try a.sum(axis: 2) }.contains("axis 2 is out of range")) }
    @Test func negativeAxisOutOfRange() { #expect(message { try a.softmax(axis: -3) }.contains("axis -3")) }
    @Test func sliceOutOfRange() { #expect(message { try a.slice(axis: 1, 0..<4) }.contains("out of range")) }
    @Test func indexOutOfRange() { #expect(message { try a.indexSelect([0, 2]) }.contains("index 2")) }
    @Test func gatherOutOfRange() { #expect(message { try a.gather(columns: [0, 3], k: 1) }.contains("index 3")) }
    @Test func badPermutation() { #expect(message { try a.permuted([0, 0]) }.contains("not a permutation")) }
    @Test func dtypeMismatch() { #expect(message { try a + a.cast(to: .float64) }.contains("float32 and float64")) }
    @Test func elementsOfAnotherType() {
        let text = message { try a.withUnsafeElements(as: Double.self) { $0.count } }
        #expect(text.contains("withUnsafeElements(as: Double)") && text.contains("float32 and float64"))
    }
    @Test func concatenateMismatch() {
        #expect(message { try Tensor.concatenated([a, b], axis: 0) }.contains("concatenate"))
    }
    @Test func wrongElementCount() {
        #expect(message { try Tensor(shape: [2, 2], scalars: [1, 2, 3]) }.contains("4 elements but 3"))
    }
    @Test func itemOfMany() { #expect(message { try a.item() }.contains("6 elements")) }
    @Test func topKTooLarge() { #expect(message { try a.topK(4) }.contains("k = 4")) }
    @Test func expandIncompatible() { #expect(message { try a.expanded(to: [2, 4]) }.contains("expand")) }
    @Test func squeezeNonUnit() { #expect(message { try a.squeezed(0) }.contains("size 2, not 1")) }

    @Test func backwardWithoutGradient() {
        #expect(message { try a.sum().backward() }.contains("does not depend on any tensor requiring a gradient"))
    }

    @Test func randomStateValidation() {
        #expect(message { try RandomGenerator(state: [0, 0, 0, 0]) }.contains("not all zero"))
    }
}

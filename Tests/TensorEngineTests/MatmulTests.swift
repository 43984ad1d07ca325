import Testing

@testable import TensorEngine

@Test func matmulOfTransposedView() throws {
    let a = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let p = try a.matmul(a.transposed())
    #expect(p.shape == [2, 2])
    #expect(p.scalars == [14, 32, 32, 77])
}

import CKernels
import TensorEngine
import Testing

/// `CKernels`' bf16 GEMM against its Swift twin: the shapes cover partial 8-row panels,
/// partial 48-column tiles, odd k (a half-empty last pair), k past one 384-deep block (the
/// accumulating path) and n past one 384-wide block, with B read in place and transposed.
@Test(arguments: [(8, 48, 2), (13, 100, 771), (3, 5, 1), (17, 401, 7), (9, 64, 390)])
func bf16GEMMMatchesTheSwiftTwin(_ shape: (Int, Int, Int)) throws {
    try #require(InferencePrecision.isBF16Available, "this CPU has no AVX512-BF16")
    let (m, n, k) = shape
    var generator = RandomGenerator(seed: UInt64(m * 1000 + k))
    let a = Tensor.randomUniform([m, k], lower: -1, upper: 1, using: &generator).scalars
    let b = Tensor.randomUniform([k, n], lower: -1, upper: 1, using: &generator).scalars
    let expected = BF16Reference.product(a, b, m: m, n: n, k: k)
    let transposed = (0..<(k * n)).map { b[($0 % k) * n + $0 / k] }
    var packed = [UInt16](repeating: 0, count: airs_bf16_packed_a_count(Int32(m), Int32(k)))
    var workspace = [UInt16](repeating: 0, count: airs_bf16_workspace_count())
    airs_bf16_pack_a(Int32(m), Int32(k), a, k, nil, &packed)
    for (source, rowStride, columnStride) in [(b, n, 1), (transposed, 1, k)] {
        var c = [Float](repeating: .nan, count: m * n)
        airs_bf16_gemm(Int32(m), Int32(n), Int32(k), packed, source, rowStride, columnStride, &c, n, &workspace)
        // fp32 sums of k terms of size ≤ 1: a few ulps of k.
        let tolerance = Double(k) * 1e-6
        let worst = zip(c, expected).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst <= tolerance, "m \(m) n \(n) k \(k) strides (\(rowStride), \(columnStride)): off by \(worst)")
    }
}

@Test func bf16PackingScalesRowsBeforeRounding() throws {
    let a: [Float] = [1.0 / 3, 3, -2, 5e-3]
    let scale: [Float] = [3, 1.0 / 3]
    var packed = [UInt16](repeating: 0xFFFF, count: airs_bf16_packed_a_count(2, 2))
    airs_bf16_pack_a(2, 2, a, 2, scale, &packed)
    // Panel layout: pair 0, rows 0..7, two values each.
    let values = packed.map { Float(bitPattern: UInt32($0) << 16) }
    let expected = (0..<4).map { BF16Reference.round(a[$0] * scale[$0 / 2]) }
    #expect(Array(values[0..<4]) == expected)
    #expect(values[4...].allSatisfy { $0 == 0 }, "rows past m are zero")
}

@Test func bf16RoundingIsToNearestEven() {
    #expect(airs_bf16_round(1) == 0x3F80)
    // 1 + 2⁻⁸ lies halfway between 1 and 1 + 2⁻⁷: ties go to the even mantissa (1).
    #expect(airs_bf16_round(1 + 0x1p-8) == 0x3F80)
    #expect(airs_bf16_round(1 + 0x1p-7 + 0x1p-8) == 0x3F82)
    #expect(airs_bf16_round(-.infinity) == 0xFF80)
    #expect(Float(bitPattern: UInt32(airs_bf16_round(.nan)) << 16).isNaN)
    for value: Float in [0.1, -7.25, 1e-20, 3.4e38] {
        #expect(Float(bitPattern: UInt32(airs_bf16_round(value)) << 16) == BF16Reference.round(value))
    }
}

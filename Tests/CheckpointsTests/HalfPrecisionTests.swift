import Testing

@testable import Checkpoints

@Test func halfKnownBitPatterns() {
    let cases: [(Float, UInt16)] = [
        (1, 0x3c00), (-2, 0xc000), (65504, 0x7bff), (0.1, 0x2e66),
        (Float(sign: .plus, exponent: -24, significand: 1), 0x0001),
        (.infinity, 0x7c00), (0, 0), (70000, 0x7c00), (1e-9, 0),
    ]
    for (value, bits) in cases {
        #expect(HalfPrecision.halfBits(from: value) == bits, "\(value)")
    }
    // 1 + 2^-11 is halfway between 1 and the next half; ties go to the even pattern.
    #expect(HalfPrecision.halfBits(from: 1 + Float(sign: .plus, exponent: -11, significand: 1)) == 0x3c00)
    #expect(HalfPrecision.halfBits(from: 1 + 3 * Float(sign: .plus, exponent: -11, significand: 1)) == 0x3c02)
}

@Test func everyHalfRoundTrips() {
    for bits in UInt16.min...UInt16.max {
        let value = HalfPrecision.float(fromHalf: bits)
        if value.isNaN { continue }
        #expect(HalfPrecision.halfBits(from: value) == bits)
    }
}

@Test func bfloat16RoundsToNearestEven() {
    #expect(HalfPrecision.bfloat16Bits(from: 1) == 0x3f80)
    #expect(HalfPrecision.float(fromBFloat16: 0x4049) == 3.140625)
    #expect(HalfPrecision.bfloat16Bits(from: 3.14159) == 0x4049)
    #expect(HalfPrecision.bfloat16Bits(from: Float(bitPattern: 0x3f80_8000)) == 0x3f80)
    #expect(HalfPrecision.bfloat16Bits(from: Float(bitPattern: 0x3f81_8000)) == 0x3f82)
    #expect(HalfPrecision.float(fromBFloat16: HalfPrecision.bfloat16Bits(from: .nan)).isNaN)
}

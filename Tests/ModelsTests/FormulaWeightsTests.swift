import Testing

/// The README's worked example (ResNet18 `conv1.weight`, t = 0, salt 0), bit for bit.
@Test func hashStreamReproducesTheWorkedExample() {
    #expect(hashStream(0, t: 0, salt: 0) == 0.5591484308242798)
    #expect(hashStream(1, t: 0, salt: 0) == -0.531697154045105)
    #expect(hashStream(2, t: 0, salt: 0) == 0.743699312210083)
    let a = (3.0 / 147.0).squareRoot()
    #expect(Float(a * hashStream(0, t: 0, salt: 0)).bitPattern == 0x3DA3_9742)
    #expect(Float(a * hashStream(1, t: 0, salt: 0)).bitPattern == 0xBD9B_8F35)
    #expect(Float(1.0 + 0.1 * hashStream(0, t: 1, salt: 0)).bitPattern == 0x3F80_AECA)
    #expect(Float(1.0 + 0.5 * abs(hashStream(0, t: 4, salt: 0))).bitPattern == 0x3F85_9777)
    #expect(Float(hashStream(0, t: 1_000_000, salt: 0)) == 0.5471865)
}

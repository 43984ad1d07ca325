import Crypto
import Testing

@testable import Checkpoints

@Test func sha256HexIsWhatSha256sumPrints() {
    #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
        SHA256.hex(Array("xabc".utf8).dropFirst())
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
}

@Test func crc32KnownVector() {
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xcbf4_3926)
    #expect(CRC32.checksum(Array("x123456789".utf8).dropFirst()) == 0xcbf4_3926)
    #expect(CRC32.checksum("123456789".utf8) == 0xcbf4_3926)
    #expect(CRC32.checksum([UInt8]()) == 0)
}

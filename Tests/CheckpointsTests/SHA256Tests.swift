import Testing
@testable import Checkpoints

@Test func sha256KnownVectors() {
    #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
}

@Test func sha256IncrementalEqualsOneShot() {
    let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    var hasher = SHA256()
    for chunk in [0..<1, 1..<63, 63..<64, 64..<200, 200..<1000] { hasher.update(Array(bytes[chunk])) }
    let digest = hasher.finalize().map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    #expect(digest == SHA256.hex(bytes))
}

@Test func crc32KnownVector() {
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xcbf4_3926)
}

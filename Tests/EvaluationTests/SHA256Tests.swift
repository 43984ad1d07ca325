import Testing
@testable import Evaluation

@Suite struct SHA256Tests {
    func digest(_ text: String, pieces: Int = 1) -> String {
        var hasher = SHA256()
        let bytes = Array(text.utf8)
        let step = max(1, bytes.count / pieces)
        for start in stride(from: 0, to: bytes.count, by: step) { hasher.update(bytes[start..<min(bytes.count, start + step)]) }
        return hasher.finalizeHex()
    }

    @Test func knownVectors() {
        #expect(digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(digest(twoBlocks) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(digest(twoBlocks, pieces: 7) == digest(twoBlocks))
        let long = String(repeating: "a", count: 1000)
        #expect(digest(long, pieces: 13) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}

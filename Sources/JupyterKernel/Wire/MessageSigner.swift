import Crypto
import Foundation

/// HMAC-SHA256 over a message's header, parent header, metadata and content, as the Jupyter
/// wire protocol specifies; an empty key turns signing off (the signature is then empty).
struct MessageSigner {
    private let key: SymmetricKey?

    init(key: String) {
        self.key = key.isEmpty ? nil : SymmetricKey(data: Data(key.utf8))
    }

    /// The lowercase hex signature of `parts`.
    func signature(of parts: [Data]) -> String {
        guard let key else { return "" }
        var hmac = HMAC<SHA256>(key: key)
        for part in parts { hmac.update(data: part) }
        return Data(hmac.finalize()).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` (hex) signs `parts`; compared in constant time by swift-crypto.
    func isValid(_ signature: String, for parts: [Data]) -> Bool {
        guard let key else { return true }
        guard let code = Self.bytes(hex: signature) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            code, authenticating: parts.reduce(Data(), +), using: key)
    }

    private static func bytes(hex: String) -> Data? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes = Data(capacity: 32)
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[i..<i + 2], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}

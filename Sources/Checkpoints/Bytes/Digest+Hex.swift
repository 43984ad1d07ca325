import Crypto
import Foundation

extension SHA256 {
    /// The SHA-256 of `bytes` as 64 lowercase hex digits, as `sha256sum` prints it.
    public static func hex(_ bytes: some DataProtocol) -> String {
        hash(data: bytes).hexDigits
    }
}

extension Digest {
    /// The digest as lowercase hex digits.
    public var hexDigits: String {
        map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

extension String {
    /// `self` with leading zeros up to `width` characters.
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

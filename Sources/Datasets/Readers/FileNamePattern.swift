/// The file-name regexes of upstream's readers, as leftmost-match ("regex search") parsers.
///
/// `([-\d]+)_(\d+)`, `([-\d]+)_c(\d+)` and `([-\d]+)_` all start with a maximal run of digits
/// and minus signs; the leftmost match is the first such run followed by the separator (and
/// digits, when the pattern has a second group). Applied to the base file name (`spec/data.md`
/// §1.2 explains why not to the full path).
struct FileNamePattern: Sendable {
    /// The text between the two groups: "_" or "_c".
    let separator: String
    /// Whether a second group of digits follows the separator.
    let hasSecondNumber: Bool

    /// Pattern shown in error messages.
    var display: String { hasSecondNumber ? "([-\\d]+)\(separator)(\\d+)" : "([-\\d]+)\(separator)" }

    static let classAndIndex = FileNamePattern(separator: "_", hasSecondNumber: true)
    static let identityAndCamera = FileNamePattern(separator: "_c", hasSecondNumber: true)
    static let itemPrefix = FileNamePattern(separator: "_", hasSecondNumber: false)

    /// The parsed numbers, or nil when the name does not match or the first group is not an
    /// integer (Python's `int("1-2")` fails the same way).
    func parse(_ name: String) -> (first: Int, second: Int?)? {
        let characters = Array(name.utf8)
        let separatorBytes = Array(separator.utf8)
        func isRunByte(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "-") || (byte >= 48 && byte <= 57) }
        var start = 0
        while start < characters.count {
            guard isRunByte(characters[start]) else {
                start += 1
                continue
            }
            var end = start
            while end < characters.count && isRunByte(characters[end]) { end += 1 }
            let afterSeparator = end + separatorBytes.count
            if afterSeparator <= characters.count && Array(characters[end..<afterSeparator]) == separatorBytes {
                var digitsEnd = afterSeparator
                while digitsEnd < characters.count && characters[digitsEnd] >= 48 && characters[digitsEnd] <= 57 {
                    digitsEnd += 1
                }
                if !hasSecondNumber || digitsEnd > afterSeparator {
                    guard let first = Int(String(decoding: characters[start..<end], as: UTF8.self)) else { return nil }
                    let second =
                        hasSecondNumber
                        ? Int(String(decoding: characters[afterSeparator..<digitsEnd], as: UTF8.self)) : nil
                    if hasSecondNumber && second == nil { return nil }
                    return (first, second)
                }
            }
            start = end
        }
        return nil
    }
}

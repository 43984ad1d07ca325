/// A cursor over a file's bytes that reads little-endian integers and throws `truncated`,
/// naming the file and what was being read, instead of running off the end.
struct ByteReader {
    let bytes: [UInt8]
    let file: String
    var position: Int

    init(_ bytes: [UInt8], file: String, position: Int = 0) {
        self.bytes = bytes
        self.file = file
        self.position = position
    }

    var remaining: Int { bytes.count - position }
    var isAtEnd: Bool { position >= bytes.count }

    /// Throws unless `count` bytes remain.
    func require(_ count: Int, for what: String) throws {
        guard count >= 0, count <= remaining else {
            throw CheckpointError.truncated(
                file: file, what: what, offset: position, needed: count, available: remaining)
        }
    }

    mutating func byte(_ what: String) throws -> UInt8 {
        try require(1, for: what)
        defer { position += 1 }
        return bytes[position]
    }

    mutating func bytes(_ count: Int, _ what: String) throws -> ArraySlice<UInt8> {
        try require(count, for: what)
        defer { position += count }
        return bytes[position..<position + count]
    }

    /// An unsigned little-endian integer of `width` bytes (at most 8).
    mutating func unsigned(_ width: Int, _ what: String) throws -> UInt64 {
        try require(width, for: what)
        var value: UInt64 = 0
        for i in 0..<width { value |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += width
        return value
    }

    mutating func uint16(_ what: String) throws -> Int { Int(try unsigned(2, what)) }
    mutating func uint32(_ what: String) throws -> Int { Int(try unsigned(4, what)) }
    mutating func int32(_ what: String) throws -> Int { Int(Int32(truncatingIfNeeded: try unsigned(4, what))) }
    mutating func int64(_ what: String) throws -> Int64 { Int64(bitPattern: try unsigned(8, what)) }
    mutating func uint64(_ what: String) throws -> UInt64 { try unsigned(8, what) }
    /// A 64-bit size or offset; values beyond `Int.max` saturate (and then fail any range check).
    mutating func size64(_ what: String) throws -> Int { Int(clamping: try unsigned(8, what)) }
}

/// Little-endian appends for writers.
extension Array where Element == UInt8 {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

import CCodecGuard

/// Inflation of gzip files (the Fashion-MNIST IDX files ship gzip-compressed).
enum Gzip {
    /// The inflated bytes of a gzip or zlib stream; data without a gzip/zlib header is returned as is.
    static func inflate(_ bytes: [UInt8], path: String) throws -> [UInt8] {
        guard bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B else { return bytes }
        var result = airs_encoded_bytes()
        let status = bytes.withUnsafeBufferPointer { airs_gunzip($0.baseAddress, $0.count, &result) }
        defer { airs_codec_free(result.bytes) }
        guard status == 0, let output = result.bytes else {
            let message = withUnsafeBytes(of: &result.message) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw DatasetError.unreadableFile(path: path, reason: "gzip data is damaged (\(message))")
        }
        return Array(UnsafeBufferPointer(start: output, count: result.size))
    }
}

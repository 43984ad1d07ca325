import CZlib

/// DEFLATE decompression (RFC 1951) of zip entries written compressed, such as
/// `numpy.savez_compressed` archives, by zlib.
enum RawInflate {
    /// Why a stream did not inflate.
    struct Failure: Error { var detail: String }

    /// The decompressed bytes of `input`, which must inflate to exactly `expectedSize` bytes.
    static func decompress(_ input: ArraySlice<UInt8>, expectedSize: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard airs_inflate_init_raw(&stream) == Z_OK else { throw Failure(detail: "zlib could not start") }
        defer { inflateEnd(&stream) }
        // One spare byte: output that fills it is longer than the directory says.
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        let status = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        let produced = Int(stream.total_out)
        guard status == Z_STREAM_END else {
            if produced > expectedSize || (status == Z_BUF_ERROR && stream.avail_out == 0) {
                throw Failure(detail: "inflates to more than the \(expectedSize) bytes the directory says")
            }
            let message = stream.msg.map { String(cString: $0) } ?? "the compressed data ends early"
            throw Failure(detail: message)
        }
        guard produced == expectedSize else {
            throw Failure(detail: "inflates to \(produced) bytes, the directory says \(expectedSize)")
        }
        output.removeLast()
        return output
    }
}

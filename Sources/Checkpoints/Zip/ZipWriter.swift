/// Builds a zip archive of stored (uncompressed) entries in memory, as `numpy.savez` does.
struct ZipWriter {
    private(set) var bytes: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    /// Appends an entry; archives are limited to 4 GiB (no zip64 records are written).
    mutating func add(name: String, contents: [UInt8]) {
        let nameBytes = Array(name.utf8)
        let crc = CRC32.checksum(contents)
        let offset = bytes.count
        // Fixed DOS time 1980-01-01 00:00 keeps archives byte-identical across runs.
        func common(_ out: inout [UInt8]) {
            out.appendLittleEndian(UInt16(20))
            out.appendLittleEndian(UInt16(0))
            out.appendLittleEndian(UInt16(0))
            out.appendLittleEndian(UInt16(0))
            out.appendLittleEndian(UInt16(0x21))
            out.appendLittleEndian(crc)
            out.appendLittleEndian(UInt32(contents.count))
            out.appendLittleEndian(UInt32(contents.count))
            out.appendLittleEndian(UInt16(nameBytes.count))
            out.appendLittleEndian(UInt16(0))
        }
        bytes.appendLittleEndian(UInt32(0x0403_4b50))
        common(&bytes)
        bytes += nameBytes
        bytes += contents
        directory.appendLittleEndian(UInt32(0x0201_4b50))
        directory.appendLittleEndian(UInt16(20))
        common(&directory)
        directory.appendLittleEndian(UInt16(0))
        directory.appendLittleEndian(UInt16(0))
        directory.appendLittleEndian(UInt16(0))
        directory.appendLittleEndian(UInt32(0))
        directory.appendLittleEndian(UInt32(offset))
        directory += nameBytes
        count += 1
    }

    /// The finished archive.
    func finished() -> [UInt8] {
        var result = bytes + directory
        result.appendLittleEndian(UInt32(0x0605_4b50))
        result.appendLittleEndian(UInt16(0))
        result.appendLittleEndian(UInt16(0))
        result.appendLittleEndian(UInt16(count))
        result.appendLittleEndian(UInt16(count))
        result.appendLittleEndian(UInt32(directory.count))
        result.appendLittleEndian(UInt32(bytes.count))
        result.appendLittleEndian(UInt16(0))
        return result
    }
}

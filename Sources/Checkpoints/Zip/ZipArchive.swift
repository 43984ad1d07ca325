/// A read-only view of a zip archive held in memory: the central directory is parsed once,
/// entries are returned on demand with their CRC-32 verified. Entries may be stored (what
/// `torch.save` and `numpy.savez` write) or deflated; zip64 records are understood.
struct ZipArchive {
    struct Entry {
        var name: String
        var method: Int
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let bytes: [UInt8]
    let file: String
    private(set) var entries: [Entry] = []
    private var indexByName: [String: Int] = [:]

    static func looksLikeZip(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4b, 0x03, 0x04]) }

    init(bytes: [UInt8], file: String) throws {
        self.bytes = bytes
        self.file = file
        let (count, directoryOffset) = try Self.locateDirectory(bytes, file: file)
        var reader = ByteReader(bytes, file: file, position: directoryOffset)
        for index in 0..<count {
            guard try reader.uint32("central directory entry \(index)") == 0x0201_4b50 else {
                throw CheckpointError.malformed(
                    file: file, detail: "zip central directory entry \(index) has a bad signature")
            }
            _ = try reader.bytes(6, "central directory entry")
            let method = try reader.uint16("compression method")
            _ = try reader.bytes(4, "central directory entry")
            let crc = UInt32(try reader.uint32("CRC-32"))
            var compressed = try reader.uint32("compressed size")
            var uncompressed = try reader.uint32("uncompressed size")
            let nameLength = try reader.uint16("name length")
            let extraLength = try reader.uint16("extra length")
            let commentLength = try reader.uint16("comment length")
            _ = try reader.bytes(8, "central directory entry")
            var localOffset = try reader.uint32("local header offset")
            let name = String(decoding: try reader.bytes(nameLength, "entry name"), as: UTF8.self)
            var extra = ByteReader(Array(try reader.bytes(extraLength, "extra field of '\(name)'")), file: file)
            _ = try reader.bytes(commentLength, "entry comment")
            while extra.remaining >= 4 {
                let id = try extra.uint16("extra field id")
                let size = try extra.uint16("extra field size")
                guard id == 0x0001 else {
                    _ = try extra.bytes(size, "extra field")
                    continue
                }
                // Zip64: 64-bit values follow for exactly the fields saturated at 0xFFFFFFFF.
                if uncompressed == 0xffff_ffff { uncompressed = try extra.size64("zip64 uncompressed size") }
                if compressed == 0xffff_ffff { compressed = try extra.size64("zip64 compressed size") }
                if localOffset == 0xffff_ffff { localOffset = try extra.size64("zip64 local header offset") }
                break
            }
            indexByName[name] = entries.count
            entries.append(
                Entry(
                    name: name, method: method, crc32: crc, compressedSize: compressed,
                    uncompressedSize: uncompressed, localHeaderOffset: localOffset))
        }
    }

    private static func locateDirectory(_ bytes: [UInt8], file: String) throws -> (count: Int, offset: Int) {
        // The end record sits in the last 22 bytes plus an optional comment of up to 65535 bytes.
        let earliest = max(0, bytes.count - 22 - 65535)
        var position = bytes.count - 22
        while position >= earliest {
            if bytes[position] == 0x50, bytes[position + 1] == 0x4b, bytes[position + 2] == 0x05,
                bytes[position + 3] == 0x06
            {
                break
            }
            position -= 1
        }
        guard position >= earliest else {
            throw CheckpointError.truncated(
                file: file, what: "the zip end-of-directory record", offset: bytes.count, needed: 22, available: 0)
        }
        var reader = ByteReader(bytes, file: file, position: position + 10)
        var count = try reader.uint16("entry count")
        _ = try reader.uint32("directory size")
        var offset = try reader.uint32("directory offset")
        if count == 0xffff || offset == 0xffff_ffff, position >= 20 {
            var locator = ByteReader(bytes, file: file, position: position - 20)
            if try locator.uint32("zip64 locator") == 0x0706_4b50 {
                _ = try locator.uint32("zip64 locator disk")
                var record = ByteReader(bytes, file: file, position: try locator.size64("zip64 record offset"))
                guard try record.uint32("zip64 end record") == 0x0606_4b50 else {
                    throw CheckpointError.malformed(
                        file: file, detail: "zip64 end-of-directory record has a bad signature")
                }
                _ = try record.bytes(28, "zip64 end record")
                count = try record.size64("zip64 entry count")
                _ = try record.uint64("zip64 directory size")
                offset = try record.size64("zip64 directory offset")
            }
        }
        guard offset <= bytes.count, count <= bytes.count / 46 + 1 else {
            throw CheckpointError.malformed(
                file: file, detail: "zip directory offset \(offset) or count \(count) lies outside the file")
        }
        return (count, offset)
    }

    /// The entry named `name`, if present.
    func entry(named name: String) -> Entry? { indexByName[name].map { entries[$0] } }

    /// The uncompressed contents of `entry`, checked against its CRC-32.
    func contents(of entry: Entry) throws -> ArraySlice<UInt8> {
        guard entry.method == 0 || entry.method == 8 else {
            throw CheckpointError.unsupportedFormat(
                file: file,
                detail: "zip entry '\(entry.name)' uses compression method \(entry.method); only stored "
                    + "and deflated entries are read. Re-save without compression (torch.save, numpy.savez)")
        }
        var reader = ByteReader(bytes, file: file, position: entry.localHeaderOffset)
        guard try reader.uint32("local header of '\(entry.name)'") == 0x0403_4b50 else {
            throw CheckpointError.malformed(
                file: file, detail: "zip local header of '\(entry.name)' has a bad signature")
        }
        _ = try reader.bytes(22, "local header of '\(entry.name)'")
        let nameLength = try reader.uint16("local name length")
        let extraLength = try reader.uint16("local extra length")
        _ = try reader.bytes(nameLength + extraLength, "local header of '\(entry.name)'")
        var data = try reader.bytes(entry.compressedSize, "zip entry '\(entry.name)'")
        if entry.method == 8 {
            do {
                data = try RawInflate.decompress(data, expectedSize: entry.uncompressedSize)[...]
            } catch {
                throw CheckpointError.malformed(
                    file: file,
                    detail:
                        "zip entry '\(entry.name)' holds invalid deflate data (\(error.detail)); the file is damaged")
            }
        }
        let actual = CRC32.checksum(data)
        guard actual == entry.crc32 else {
            throw CheckpointError.corrupted(
                file: file, checksum: "CRC-32 of zip entry '\(entry.name)'",
                expected: String(entry.crc32, radix: 16), actual: String(actual, radix: 16))
        }
        return data
    }
}

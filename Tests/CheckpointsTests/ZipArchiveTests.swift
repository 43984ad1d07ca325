import Testing

@testable import Checkpoints

@Test func deflatedEntriesInflateToTheirStoredTwins() throws {
    let file = TestFiles.fixtures.appendingPathComponent("deflate_cases.zip")
    let archive = try ZipArchive(bytes: try FileBytes.read(file), file: file.path)
    let deflated = archive.entries.filter { $0.name.hasSuffix(".deflated") }
    #expect(deflated.count == 5)
    for entry in deflated {
        #expect(entry.method == 8, "\(entry.name)")
        let twin = try #require(archive.entry(named: entry.name.replacingAll(".deflated", with: ".stored")))
        #expect(Array(try archive.contents(of: entry)) == Array(try archive.contents(of: twin)), "\(entry.name)")
    }
}

@Test func zipWriterOutputReadsBack() throws {
    var writer = ZipWriter()
    writer.add(name: "a.npy", contents: [1, 2, 3])
    writer.add(name: "dir/b", contents: [])
    let archive = try ZipArchive(bytes: writer.finished(), file: "w.zip")
    #expect(archive.entries.map(\.name) == ["a.npy", "dir/b"])
    #expect(Array(try archive.contents(of: archive.entries[0])) == [1, 2, 3])
    #expect(try archive.contents(of: archive.entries[1]).isEmpty)
}

@Test func damagedDeflateStreamIsReportedNamingTheEntry() throws {
    let file = TestFiles.fixtures.appendingPathComponent("deflate_cases.zip")
    var bytes = try FileBytes.read(file)
    let archive = try ZipArchive(bytes: bytes, file: "d.zip")
    let entry = try #require(archive.entry(named: "text.deflated"))
    let dataStart = entry.localHeaderOffset + 30 + entry.name.utf8.count
    for offset in 0..<8 { bytes[dataStart + offset] ^= 0xa5 }
    let damaged = try ZipArchive(bytes: bytes, file: "d.zip")
    let error = TestFiles.error { _ = try damaged.contents(of: entry) }
    #expect(error?.description.hasPrefix("d.zip: ") == true)
    #expect(error?.description.contains("'text.deflated'") == true)
}

/// A one-entry archive whose sizes, offsets and counts live in zip64 records, as writers emit
/// them for files past 4 GiB (and as some always do).
private func zip64Archive(contents: [UInt8]) -> [UInt8] {
    let name = Array("archive/data.pkl".utf8)
    let crc = CRC32.checksum(contents)
    var bytes: [UInt8] = []
    bytes.appendLittleEndian(UInt32(0x0403_4b50))
    bytes.appendLittleEndian(UInt16(45))
    bytes += [0, 0, 0, 0, 0, 0, 0, 0]
    bytes.appendLittleEndian(crc)
    bytes.appendLittleEndian(UInt32(contents.count))
    bytes.appendLittleEndian(UInt32(contents.count))
    bytes.appendLittleEndian(UInt16(name.count))
    bytes.appendLittleEndian(UInt16(0))
    bytes += name + contents
    let directoryOffset = bytes.count
    bytes.appendLittleEndian(UInt32(0x0201_4b50))
    bytes.appendLittleEndian(UInt16(45))
    bytes.appendLittleEndian(UInt16(45))
    bytes += [0, 0, 0, 0, 0, 0, 0, 0]
    bytes.appendLittleEndian(crc)
    bytes.appendLittleEndian(UInt32(0xffff_ffff))
    bytes.appendLittleEndian(UInt32(0xffff_ffff))
    bytes.appendLittleEndian(UInt16(name.count))
    bytes.appendLittleEndian(UInt16(28))
    bytes += [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    bytes.appendLittleEndian(UInt32(0xffff_ffff))
    bytes += name
    bytes.appendLittleEndian(UInt16(1))
    bytes.appendLittleEndian(UInt16(24))
    bytes.appendLittleEndian(UInt64(contents.count))
    bytes.appendLittleEndian(UInt64(contents.count))
    bytes.appendLittleEndian(UInt64(0))
    let directorySize = bytes.count - directoryOffset
    let recordOffset = bytes.count
    bytes.appendLittleEndian(UInt32(0x0606_4b50))
    bytes.appendLittleEndian(UInt64(44))
    bytes.appendLittleEndian(UInt16(45))
    bytes.appendLittleEndian(UInt16(45))
    bytes.appendLittleEndian(UInt32(0))
    bytes.appendLittleEndian(UInt32(0))
    bytes.appendLittleEndian(UInt64(1))
    bytes.appendLittleEndian(UInt64(1))
    bytes.appendLittleEndian(UInt64(directorySize))
    bytes.appendLittleEndian(UInt64(directoryOffset))
    bytes.appendLittleEndian(UInt32(0x0706_4b50))
    bytes.appendLittleEndian(UInt32(0))
    bytes.appendLittleEndian(UInt64(recordOffset))
    bytes.appendLittleEndian(UInt32(1))
    bytes.appendLittleEndian(UInt32(0x0605_4b50))
    bytes += [0, 0, 0, 0]
    bytes.appendLittleEndian(UInt16(0xffff))
    bytes.appendLittleEndian(UInt16(0xffff))
    bytes.appendLittleEndian(UInt32(0xffff_ffff))
    bytes.appendLittleEndian(UInt32(0xffff_ffff))
    bytes.appendLittleEndian(UInt16(0))
    return bytes
}

@Test func zip64RecordsAreFollowed() throws {
    let payload = Array("zip64 payload".utf8)
    let archive = try ZipArchive(bytes: zip64Archive(contents: payload), file: "z64.zip")
    let entry = try #require(archive.entry(named: "archive/data.pkl"))
    #expect(entry.uncompressedSize == payload.count && entry.localHeaderOffset == 0)
    #expect(Array(try archive.contents(of: entry)) == payload)
}

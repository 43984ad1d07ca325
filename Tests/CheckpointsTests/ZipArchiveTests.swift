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

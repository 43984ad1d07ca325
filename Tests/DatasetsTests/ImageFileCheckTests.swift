import Datasets
import Foundation
import Testing

/// The header check finds what a decode would, without decoding a sound file.
@Suite struct ImageFileCheckTests {
    static func files(in directory: TemporaryDirectory) throws -> [String: URL] {
        var image = Image(width: 48, height: 20)
        for i in image.pixels.indices { image.pixels[i] = UInt8(i % 251) }
        let jpeg = try ImageCodec.encodeJPEG(image, quality: 90)
        let png = try ImageCodec.encodePNG(image)
        let contents: [String: [UInt8]] = [
            "good.jpg": jpeg, "good.png": png,
            "cut.jpg": Array(jpeg.prefix(jpeg.count / 2)), "cut.png": Array(png.prefix(png.count / 2)),
            "head.jpg": Array(jpeg.prefix(6)),
            "trailer.jpg": jpeg + Array("camera maker's trailer".utf8),
            "notes.jpg": Array("hello world".utf8), "anim.gif": Array("GIF89a......".utf8),
        ]
        var urls: [String: URL] = [:]
        for (name, bytes) in contents {
            urls[name] = directory.url.appendingPathComponent(name)
            try Data(bytes).write(to: directory.url.appendingPathComponent(name))
        }
        return urls
    }

    @Test func soundFilesGiveTheirHeaderSize() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let urls = try Self.files(in: directory)
        for name in ["good.jpg", "good.png", "trailer.jpg"] {
            let size = try ImageFileCheck.check(path: try #require(urls[name]).path)
            #expect(size.width == 48 && size.height == 20, "\(name)")
        }
    }

    @Test func badFilesGiveTheDecodersErrorNamingTheFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let urls = try Self.files(in: directory)
        func path(_ name: String) -> String { urls[name]?.path ?? name }
        let cases: [(String, DatasetError)] = [
            ("cut.jpg", .truncatedImage(path: path("cut.jpg"))), ("cut.png", .truncatedImage(path: path("cut.png"))),
            ("notes.jpg", .notAnImage(path: path("notes.jpg"))),
            ("anim.gif", .unsupportedImageFormat(path: path("anim.gif"), format: "GIF")),
            ("missing.jpg", .unreadableFile(path: path("missing.jpg"), reason: "no such file")),
        ]
        for (name, expected) in cases {
            #expect(throws: expected) { try ImageFileCheck.check(path: path(name)) }
        }
        #expect(throws: DatasetError.self) { try ImageFileCheck.check(path: path("head.jpg")) }
        let records = ["good.jpg", "cut.jpg", "good.png", "cut.png"].map {
            ImageRecord(path: path($0), pid: 0, camid: 0)
        }
        #expect(ImageFileCheck.badRecords(records).map(\.record.fileName) == ["cut.jpg", "cut.png"])
    }
}

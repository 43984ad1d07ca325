import Foundation
import TensorEngine
import Testing

@testable import Datasets

/// Checks a decoded or resized image against a golden `decoded_rgb` / `resized_rgb` record.
func expectMatches(_ image: Image, _ record: [String: Any], tolerance: Int = 0, _ label: String) {
    #expect(image.height == record.int("height"), "\(label) height")
    #expect(image.width == record.int("width"), "\(label) width")
    let first = record.pixelList("first_pixels")
    let firstDiff = zip(image.pixels, first).map { abs(Int($0) - $1) }.max() ?? 0
    #expect(first.count > 0 && firstDiff <= tolerance, "\(label) first pixels differ by \(firstDiff)")
    let sum = image.pixels.reduce(0) { $0 + Int($1) }
    let slack = tolerance == 0 ? 0 : image.pixels.count / 2
    #expect(abs(sum - record.int("sum")) <= slack, "\(label) sum \(sum) vs \(record.int("sum"))")
    let data = record.ints("data")
    if !data.isEmpty {
        let maxDiff = zip(image.pixels, data).map { abs(Int($0) - $1) }.max() ?? 0
        #expect(data.count == image.pixels.count && maxDiff <= tolerance, "\(label) data differ by \(maxDiff)")
    }
}

@Test func decodesGoldenPNGsExactly() throws {
    let cases = try GoldenFiles.objects(in: "transforms", kind: "transforms")
    #expect(!cases.isEmpty)
    for (name, object) in cases {
        let png = object.dict("png")
        let image = try ImageCodec.decode(contentsOf: GoldenFiles.root.appendingPathComponent(png.string("file")))
        expectMatches(image, png.dict("decoded_rgb"), "\(name) png")
    }
}

@Test func decodesGoldenJPEGsExactly() throws {
    for (name, object) in try GoldenFiles.objects(in: "transforms", kind: "transforms") {
        let jpeg = object.dict("jpeg")
        let image = try ImageCodec.decode(contentsOf: GoldenFiles.root.appendingPathComponent(jpeg.string("file")))
        // Same library (libjpeg-turbo) and settings as Pillow: the decode must be identical.
        expectMatches(image, jpeg.dict("decoded_rgb"), tolerance: 0, "\(name) jpeg")
    }
}

@Test func pngRoundTripsGreyRGBAndRGBA() throws {
    var generator = RandomGenerator(seed: 7)
    for channels in [1, 3, 4] {
        let pixels = (0..<(5 * 3 * channels)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let image = try Image(width: 5, height: 3, channels: channels, pixels: pixels)
        let decoded = try ImageCodec.decode(bytes: try ImageCodec.encodePNG(image), path: "mem.png")
        // Pillow's convert("RGB") replicates grey and drops alpha.
        #expect(decoded == image.rgb())
    }
}

@Test func jpegRoundTripIsCloseAtHighQuality() throws {
    var image = Image(width: 32, height: 24)
    for y in 0..<24 {
        for x in 0..<32 {
            image[y, x, 0] = UInt8(x * 8)
            image[y, x, 1] = UInt8(y * 10)
            image[y, x, 2] = 128
        }
    }
    let decoded = try ImageCodec.decode(bytes: try ImageCodec.encodeJPEG(image, quality: 95), path: "mem.jpg")
    let maxDiff = zip(decoded.pixels, image.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 99
    #expect(decoded.width == 32 && decoded.height == 24 && maxDiff <= 12)
    let grey = try Image(width: 8, height: 8, channels: 1, pixels: [UInt8](repeating: 77, count: 64))
    let greyDecoded = try ImageCodec.decode(bytes: try ImageCodec.encodeJPEG(grey), path: "grey.jpg")
    #expect(greyDecoded.channels == 3 && greyDecoded.pixels.allSatisfy { abs(Int($0) - 77) <= 1 })
}

@Test func writesFilesByExtension() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("airs-codec-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let image = try Image(width: 2, height: 1, channels: 3, pixels: [1, 2, 3, 250, 251, 252])
    try ImageCodec.write(image, to: directory.appendingPathComponent("a.png"))
    #expect(try ImageCodec.decode(contentsOf: directory.appendingPathComponent("a.png")) == image)
    try ImageCodec.write(image, to: directory.appendingPathComponent("a.jpg"))
    let bytes = try ImageCodec.readBytes(directory.appendingPathComponent("a.jpg"))
    #expect(ImageCodec.sniff(bytes) == .jpeg)
}

@Test func badFilesGiveErrorsNamingTheFile() throws {
    var image = Image(width: 64, height: 64)
    for i in image.pixels.indices { image.pixels[i] = UInt8(i % 251) }
    let jpeg = try ImageCodec.encodeJPEG(image, quality: 90)
    let png = try ImageCodec.encodePNG(image)
    let cases: [([UInt8], String, DatasetError)] = [
        (Array(jpeg.prefix(jpeg.count / 2)), "cut.jpg", .truncatedImage(path: "cut.jpg")),
        (Array(png.prefix(png.count / 2)), "cut.png", .truncatedImage(path: "cut.png")),
        (Array("hello world".utf8), "notes.jpg", .notAnImage(path: "notes.jpg")),
        (Array("GIF89a......".utf8), "anim.gif", .unsupportedImageFormat(path: "anim.gif", format: "GIF")),
    ]
    for (bytes, path, expected) in cases {
        #expect(throws: expected) { try ImageCodec.decode(bytes: bytes, path: path) }
        #expect(expected.description.contains(path))
    }
    var corrupt = jpeg
    for i in 3..<40 { corrupt[i] = 0x55 }
    #expect {
        try ImageCodec.decode(bytes: corrupt, path: "broken.jpg")
    } throws: { error in
        guard case .corruptImage(let path, let message) = error as? DatasetError else { return false }
        return path == "broken.jpg" && !message.isEmpty
            && (error as? DatasetError)?.description.contains("broken.jpg") == true
    }
    let truncated = try ImageCodec.decode(
        bytes: Array(jpeg.prefix(jpeg.count / 2)), path: "cut.jpg", allowTruncated: true)
    #expect(truncated.width == 64 && truncated.height == 64)
    #expect(throws: DatasetError.unreadableFile(path: "/nonexistent/x.jpg", reason: "no such file")) {
        try ImageCodec.decode(contentsOf: URL(fileURLWithPath: "/nonexistent/x.jpg"))
    }
}

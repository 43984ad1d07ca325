import CCodecGuard
import Foundation

/// JPEG and PNG decoding and encoding through libjpeg-turbo and libpng.
///
/// Decoding always yields 8-bit RGB the way Pillow's `Image.open(path).convert("RGB")` does:
/// grey is replicated, palettes are looked up, alpha and transparency are dropped, 16-bit colour
/// keeps the high byte (16-bit grey clamps at 255, like Pillow's `I;16`), CMYK JPEGs use
/// Pillow's conversion. JPEGs decode with libjpeg's defaults (ISLOW IDCT, fancy upsampling).
public enum ImageCodec {
    /// Image container formats recognised from a file's first bytes.
    public enum Format: String, Sendable {
        /// JPEG (decoded and encoded).
        case jpeg = "JPEG"
        /// PNG (decoded and encoded).
        case png = "PNG"
        /// GIF (recognised, not decoded).
        case gif = "GIF"
        /// BMP (recognised, not decoded).
        case bmp = "BMP"
        /// WebP (recognised, not decoded).
        case webp = "WebP"
        /// TIFF (recognised, not decoded).
        case tiff = "TIFF"
    }

    /// Reads and decodes the image at `url` into 8-bit RGB.
    /// - Parameter allowTruncated: accept a JPEG whose data ends early (libjpeg pads it with
    ///   grey, as upstream's `LOAD_TRUNCATED_IMAGES` does); otherwise that is an error.
    public static func decode(contentsOf url: URL, allowTruncated: Bool = false) throws -> Image {
        try decode(bytes: try readBytes(url), path: url.path, allowTruncated: allowTruncated)
    }

    /// Decodes an in-memory JPEG or PNG; `path` names the source in errors.
    public static func decode(bytes: [UInt8], path: String, allowTruncated: Bool = false) throws -> Image {
        guard let format = sniff(bytes) else { throw DatasetError.notAnImage(path: path) }
        var result = airs_decoded_image()
        let status: Int32 = bytes.withUnsafeBufferPointer { buffer in
            switch format {
            case .jpeg: return airs_jpeg_decode(buffer.baseAddress, buffer.count, &result)
            case .png: return airs_png_decode(buffer.baseAddress, buffer.count, &result)
            default: return -2
            }
        }
        if status == -2 { throw DatasetError.unsupportedImageFormat(path: path, format: format.rawValue) }
        defer { airs_codec_free(result.pixels) }
        guard status == 0, let pixels = result.pixels else {
            let message = message(of: &result.message)
            if result.truncated != 0 || message.contains("truncated") || message.contains("Not enough image data")
                || message.contains("Read Error")
            {
                throw DatasetError.truncatedImage(path: path)
            }
            throw DatasetError.corruptImage(path: path, message: message)
        }
        if result.truncated != 0 && !allowTruncated { throw DatasetError.truncatedImage(path: path) }
        let count = Int(result.width) * Int(result.height) * 3
        return try Image(
            width: Int(result.width), height: Int(result.height), channels: 3,
            pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }

    /// Encodes a 1- or 3-channel image as a baseline JPEG with 4:2:0 chroma subsampling
    /// (Pillow's defaults). `quality` is libjpeg's 1–100 scale.
    public static func encodeJPEG(_ image: Image, quality: Int = 95, path: String = "<memory>") throws -> [UInt8] {
        var result = airs_encoded_bytes()
        let status = image.pixels.withUnsafeBufferPointer {
            airs_jpeg_encode(
                $0.baseAddress, Int32(image.width), Int32(image.height), Int32(image.channels),
                Int32(min(max(quality, 1), 100)), &result)
        }
        return try collect(status, &result, path: path)
    }

    /// Encodes a 1-, 3- or 4-channel image as an 8-bit PNG.
    public static func encodePNG(_ image: Image, path: String = "<memory>") throws -> [UInt8] {
        var result = airs_encoded_bytes()
        let status = image.pixels.withUnsafeBufferPointer {
            airs_png_encode($0.baseAddress, Int32(image.width), Int32(image.height), Int32(image.channels), &result)
        }
        return try collect(status, &result, path: path)
    }

    /// Writes `image` to `url`, as PNG when the extension is `png`, otherwise as JPEG.
    public static func write(_ image: Image, to url: URL, quality: Int = 95) throws {
        let bytes =
            url.pathExtension.lowercased() == "png"
            ? try encodePNG(image, path: url.path) : try encodeJPEG(image, quality: quality, path: url.path)
        do {
            try Data(bytes).write(to: url)
        } catch {
            throw DatasetError.unreadableFile(path: url.path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    /// The format announced by the first bytes of a file, or nil if none is recognised.
    public static func sniff(_ bytes: [UInt8]) -> Format? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF8".utf8)) { return .gif }
        if starts(Array("BM".utf8)) { return .bmp }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        return nil
    }

    /// The whole file as bytes, or a `DatasetError` naming it.
    static func readBytes(_ url: URL) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw DatasetError.unreadableFile(
                path: url.path, reason: exists ? "permission denied or I/O error" : "no such file")
        }
        return [UInt8](data)
    }

    private static func collect(_ status: Int32, _ result: inout airs_encoded_bytes, path: String) throws -> [UInt8] {
        defer { airs_codec_free(result.bytes) }
        guard status == 0, let bytes = result.bytes else {
            throw DatasetError.encodingFailed(path: path, message: message(of: &result.message))
        }
        return Array(UnsafeBufferPointer(start: bytes, count: result.size))
    }

    private static func message<T>(of tuple: inout T) -> String {
        withUnsafeBytes(of: &tuple) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

import Foundation

/// A fast check of an image file without decoding its pixels: the signature, the dimensions in
/// the header (JPEG's frame marker, PNG's `IHDR`) and the end marker (JPEG's EOI, PNG's `IEND`),
/// which a truncated copy lacks. Only a file that fails this is decoded in full, for the precise
/// error, or to accept one with bytes appended after its end marker (some cameras do that).
/// The file is memory-mapped, so only the pages of its head and tail are read.
public enum ImageFileCheck {
    /// The width and height the header of the image at `path` announces; throws the
    /// `DatasetError` a decode would (unreadable, not an image, unsupported, corrupt, truncated).
    @discardableResult
    public static func check(path: String) throws -> (width: Int, height: Int) {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            let reason = exists ? "permission denied or I/O error" : "no such file"
            throw DatasetError.unreadableFile(path: path, reason: reason)
        }
        let head = [UInt8](bytes.prefix(32))
        guard let format = ImageCodec.sniff(head) else { throw DatasetError.notAnImage(path: path) }
        let size: (width: Int, height: Int)?
        let ended: Bool
        switch format {
        case .jpeg:
            size = jpegSize(bytes)
            ended = bytes.count >= 4 && bytes.suffix(2).elementsEqual([0xFF, 0xD9])
        case .png:
            size = pngSize(head)
            ended = bytes.suffix(8).elementsEqual([0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
        default:
            throw DatasetError.unsupportedImageFormat(path: path, format: format.rawValue)
        }
        if let size, size.width > 0, size.height > 0, ended { return size }
        // Only a decode tells what is wrong with this file, or that bytes follow its end marker.
        let image = try ImageCodec.decode(bytes: [UInt8](bytes), path: path)
        return (image.width, image.height)
    }

    /// Every record whose file fails `check`, with the reason, in the order given.
    public static func badRecords(_ records: [ImageRecord])
        -> [(record: ImageRecord, error: any Error)]
    {
        records.compactMap { record in
            do {
                try check(path: record.path)
                return nil
            } catch {
                return (record, error)
            }
        }
    }

    /// The size in the first start-of-frame marker (SOF0–SOF15 but DHT, JPG and DAC), walking
    /// the marker segments by their lengths; nil when the data ends first.
    static func jpegSize(_ bytes: Data) -> (width: Int, height: Int)? {
        let start = bytes.startIndex
        func byte(_ offset: Int) -> Int? { offset < bytes.count ? Int(bytes[start + offset]) : nil }
        var offset = 2
        while let mark = byte(offset), mark == 0xFF, var marker = byte(offset + 1) {
            offset += 1
            while marker == 0xFF, let next = byte(offset + 1) {
                offset += 1
                marker = next
            }
            offset += 1
            // Markers without a length: TEM and the restart markers.
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { continue }
            guard let high = byte(offset), let low = byte(offset + 1) else { return nil }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard let h1 = byte(offset + 3), let h2 = byte(offset + 4),
                    let w1 = byte(offset + 5), let w2 = byte(offset + 6)
                else { return nil }
                return (w1 << 8 | w2, h1 << 8 | h2)
            }
            offset += high << 8 | low
        }
        return nil
    }

    /// The size in the `IHDR` chunk, which must come first.
    static func pngSize(_ head: [UInt8]) -> (width: Int, height: Int)? {
        guard head.count >= 24, Array(head[12..<16]) == Array("IHDR".utf8) else { return nil }
        func word(_ at: Int) -> Int { head[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (word(16), word(20))
    }
}

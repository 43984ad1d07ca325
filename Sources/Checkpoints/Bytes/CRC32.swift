import CZlib

/// The CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) that zip entries carry, from zlib:
/// several times faster than a table loop over bytes, and a PyTorch checkpoint is one zip entry
/// per tensor (a ResNet18 teacher: 45 MB checked at every run's start).
enum CRC32 {
    static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        bytes.withContiguousStorageIfAvailable { checksum(UnsafeRawBufferPointer($0)) }
            ?? Array(bytes).withUnsafeBytes { checksum($0) }
    }

    private static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: Bytef.self) else { return 0 }
        var crc: uLong = 0
        var start = 0
        // zlib takes a 32-bit length.
        while start < bytes.count {
            let length = min(bytes.count - start, Int(UInt32.max))
            crc = crc32(crc, base + start, uInt(length))
            start += length
        }
        return UInt32(crc)
    }
}

/// The CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) that zip entries carry.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xedb8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        table.withUnsafeBufferPointer { t in
            var c: UInt32 = 0xffff_ffff
            for byte in bytes { c = t[Int((c ^ UInt32(byte)) & 0xff)] ^ (c >> 8) }
            return c ^ 0xffff_ffff
        }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C math and formatting functions the language needs, without Foundation.
enum Math {
    static func pow(_ a: Double, _ b: Double) -> Double {
        #if canImport(Glibc)
            return Glibc.pow(a, b)
        #elseif canImport(Darwin)
            return Darwin.pow(a, b)
        #endif
    }

    /// `value` formatted with a C `printf` conversion such as `%.3f`; `spec` must already be validated.
    static func format(_ value: Double, cFormat spec: String) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let written = withVaList([value]) { arguments in
            buffer.withUnsafeMutableBufferPointer { pointer in
                vsnprintf(pointer.baseAddress, pointer.count, spec, arguments)
            }
        }
        guard written >= 0 else { return String(value) }
        let bytes = buffer.prefix(min(Int(written), buffer.count - 1)).map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

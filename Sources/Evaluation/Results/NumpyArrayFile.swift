import Foundation

/// A minimal `.npy` (NumPy format 1.0) reader and writer for the evaluation's own outputs and
/// the gallery cache: little-endian `float32`, `float64` and `int64`, C order. Kept inside
/// Evaluation until a shared Checkpoints module offers one.
public struct NumpyArrayFile: Sendable, Equatable {
    /// The element buffer, by dtype.
    public enum Elements: Sendable, Equatable {
        case float32([Float])
        case float64([Double])
        case int64([Int])

        var descriptor: String {
            switch self {
            case .float32: return "<f4"
            case .float64: return "<f8"
            case .int64: return "<i8"
            }
        }

        var count: Int {
            switch self {
            case let .float32(values): return values.count
            case let .float64(values): return values.count
            case let .int64(values): return values.count
            }
        }
    }

    /// Array dimensions, row-major.
    public let shape: [Int]
    /// The elements, `shape.reduce(1, *)` of them.
    public let elements: Elements

    /// Pairs a shape with elements; throws when their counts differ.
    public init(shape: [Int], elements: Elements) throws {
        guard shape.reduce(1, *) == elements.count, shape.allSatisfy({ $0 >= 0 }) else {
            throw EvaluationError.file(path: "<array>", message: "shape \(shape) does not hold \(elements.count) elements")
        }
        self.shape = shape
        self.elements = elements
    }

    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The file bytes: magic, version 1.0, a header padded to 64 bytes, the raw elements.
    public func encoded() -> Data {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '\(elements.descriptor)', 'fortran_order': False, 'shape': (\(dims)), }"
        let unpadded = Self.magic.count + 4 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data(Self.magic + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xff), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        switch elements {
        case let .float32(values): values.withUnsafeBytes { data.append(contentsOf: $0) }
        case let .float64(values): values.withUnsafeBytes { data.append(contentsOf: $0) }
        case let .int64(values): values.map { Int64($0) }.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        return data
    }

    /// Writes the array to `url` atomically (temporary file, then rename).
    public func write(to url: URL) throws {
        do {
            try encoded().write(to: url, options: .atomic)
        } catch {
            throw EvaluationError.file(path: url.path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Reads an array written by `write(to:)` or by NumPy with a supported dtype.
    public static func read(from url: URL) throws -> NumpyArrayFile {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw EvaluationError.file(path: url.path, message: "cannot read: \(error.localizedDescription)")
        }
        return try decode(data, path: url.path)
    }

    /// Parses `.npy` bytes; `path` names the source in errors.
    public static func decode(_ data: Data, path: String) throws -> NumpyArrayFile {
        func fail(_ message: String) -> EvaluationError { .file(path: path, message: message) }
        let bytes = [UInt8](data.prefix(10))
        guard bytes.count == 10, Array(bytes[0..<6]) == magic else { throw fail("not a .npy file (bad magic)") }
        guard bytes[6] == 1 else { throw fail("unsupported .npy version \(bytes[6]).\(bytes[7]); expected 1.0") }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        guard data.count >= 10 + headerLength,
              let header = String(data: data.subdata(in: 10..<(10 + headerLength)), encoding: .ascii) else {
            throw fail("truncated header")
        }
        guard !header.contains("'fortran_order': True") else { throw fail("Fortran-ordered arrays are not supported") }
        guard let descriptor = field("descr", in: header)?.trimmingCharacters(in: CharacterSet(charactersIn: "' ")),
              let shapeText = field("shape", in: header) else { throw fail("header lacks 'descr' or 'shape': \(header)") }
        let shape = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.compactMap { Int($0) }
        let count = shape.reduce(1, *)
        let offset = 10 + headerLength
        func load<T>(_: T.Type) throws -> [T] {
            let size = MemoryLayout<T>.size
            guard data.count - offset == count * size else {
                throw fail("expected \(count) elements of \(descriptor) for shape \(shape), found \(data.count - offset) bytes")
            }
            return [T](unsafeUninitializedCapacity: count) { buffer, initialised in
                data.withUnsafeBytes { raw in
                    if let source = raw.baseAddress, let target = buffer.baseAddress {
                        UnsafeMutableRawPointer(target).copyMemory(from: source + offset, byteCount: count * size)
                    }
                }
                initialised = count
            }
        }
        switch descriptor {
        case "<f4": return try NumpyArrayFile(shape: shape, elements: .float32(load(Float.self)))
        case "<f8": return try NumpyArrayFile(shape: shape, elements: .float64(load(Double.self)))
        case "<i8": return try NumpyArrayFile(shape: shape, elements: .int64(load(Int64.self).map { Int($0) }))
        default: throw fail("dtype \(descriptor) is not supported (use <f4, <f8 or <i8)")
        }
    }

    /// The text after `'key':` up to the next top-level comma (a tuple counts as one value).
    private static func field(_ key: String, in header: String) -> String? {
        guard let range = header.range(of: "'\(key)':") else { return nil }
        let rest = header[range.upperBound...].drop { $0 == " " }
        if rest.first == "(" { return rest.firstIndex(of: ")").map { String(rest[...$0]) } }
        return String(rest.prefix { $0 != "," && $0 != "}" })
    }
}

import Foundation
import TensorEngine

/// NumPy's `.npy` format, for embeddings, labels and distance matrices other tools read with
/// `numpy.load`. Reads versions 1–3, either memory order; writes version 1, C order.
public enum NumPyFormat {
    static let magic: [UInt8] = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]

    /// The `.npy` bytes of `tensor`; bfloat16 has no NumPy dtype and is refused.
    public static func encode(_ tensor: StoredTensor) throws -> [UInt8] {
        guard let descriptor = tensor.dtype.numpyDescriptor else {
            throw CheckpointError.conversion(
                key: "(array)", detail: "\(tensor.dtype.rawValue) has no NumPy dtype; convert it to float32 first")
        }
        let header = Array(NumPyHeader(descriptor: descriptor, fortranOrder: false, shape: tensor.shape).text().utf8)
        var bytes = magic + [1, 0]
        bytes.appendLittleEndian(UInt16(header.count))
        return bytes + header + tensor.bytes
    }

    /// Writes `tensor` to `url` atomically.
    public static func write(_ tensor: StoredTensor, to url: URL) throws {
        try AtomicFile.write(encode(tensor), to: url)
    }

    /// Writes a float32 or float64 `tensor` to `url` atomically.
    public static func write(_ tensor: Tensor, to url: URL) throws {
        try write(StoredTensor(tensor), to: url)
    }

    /// Reads the `.npy` file at `url`.
    public static func read(from url: URL) throws -> StoredTensor {
        try decode(FileBytes.read(url)[...], file: url.path)
    }

    /// Parses `.npy` bytes; errors name `file`.
    public static func decode(_ bytes: ArraySlice<UInt8>, file: String) throws -> StoredTensor {
        var reader = ByteReader(Array(bytes), file: file)
        guard Array(try reader.bytes(6, "the .npy magic string")) == magic else {
            throw CheckpointError.unsupportedFormat(file: file, detail: "not a .npy file (no \\x93NUMPY magic)")
        }
        let major = try reader.byte("the .npy version")
        _ = try reader.byte("the .npy version")
        let headerLength =
            major == 1 ? try reader.uint16("the .npy header length") : try reader.uint32("the .npy header length")
        let text = String(decoding: try reader.bytes(headerLength, "the .npy header"), as: UTF8.self)
        let header = try NumPyHeader(parsing: text, file: file)
        guard let dtype = StoredDType(numpyDescriptor: header.descriptor) else {
            throw CheckpointError.unsupportedDType(file: file, key: "(array)", dtype: header.descriptor)
        }
        guard let byteCount = StoredTensor.checkedByteCount(header.shape, dtype) else {
            throw CheckpointError.malformed(file: file, detail: "the .npy shape \(header.shape) is too large")
        }
        let data = try reader.bytes(byteCount, "the \(header.shape) \(header.descriptor) array data")
        guard header.fortranOrder, header.shape.count > 1 else {
            return StoredTensor(unchecked: dtype, shape: header.shape, bytes: Array(data))
        }
        // Column-major data: the first index moves fastest.
        var strides: [Int] = []
        var step = 1
        for dimension in header.shape {
            strides.append(step)
            step *= dimension
        }
        return StoredTensor.gathering(from: data, dtype: dtype, shape: header.shape, strides: strides, offset: 0)
    }
}

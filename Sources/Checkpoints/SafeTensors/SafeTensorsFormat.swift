import Crypto
import Foundation

/// safetensors, AIRS's native checkpoint format: an 8-byte little-endian header length, a JSON
/// header (`dtype`, `shape`, `data_offsets` per tensor, and a `__metadata__` string map), then
/// the raw little-endian tensor data. AIRS adds the data's SHA-256 to the metadata and checks it
/// on load, so a damaged file is reported as corrupted.
public enum SafeTensorsFormat {
    /// Largest header accepted; real headers are kilobytes, so more means a damaged length field.
    static let maximumHeaderBytes = 100 << 20

    /// The complete file contents for `tensors` and `metadata` (plus `data_sha256`).
    public static func encode(_ tensors: StateDictionary, metadata: [String: String] = [:]) -> [UInt8] {
        // The data is hashed tensor by tensor and copied once, straight into the file: a
        // resume state (weights and momentum) is written at every epoch end.
        var hasher = SHA256()
        var entries: [String] = []
        var dataCount = 0
        for entry in tensors {
            let begin = dataCount
            dataCount += entry.tensor.bytes.count
            hasher.update(data: entry.tensor.bytes)
            entries.append(
                JSONText.quoted(entry.name) + ":{\"dtype\":" + JSONText.quoted(entry.tensor.dtype.rawValue)
                    + ",\"shape\":" + JSONText.array(entry.tensor.shape)
                    + ",\"data_offsets\":" + JSONText.array([begin, dataCount]) + "}")
        }
        var fullMetadata = metadata
        fullMetadata[Checkpoint.MetadataKey.dataSHA256] = hasher.finalize().hexDigits
        let metadataText = fullMetadata.sorted { $0.key < $1.key }
            .map { JSONText.quoted($0.key) + ":" + JSONText.quoted($0.value) }.joined(separator: ",")
        var header = Array(
            ("{\"__metadata__\":{" + metadataText + "}"
                + entries.map { "," + $0 }.joined() + "}").utf8)
        // The reference implementation pads the header with spaces so the data starts 8-aligned.
        while header.count % 8 != 0 { header.append(0x20) }
        var file = [UInt8]()
        file.reserveCapacity(8 + header.count + dataCount)
        file.appendLittleEndian(UInt64(header.count))
        file += header
        for entry in tensors { file += entry.tensor.bytes }
        return file
    }

    /// Writes `tensors` and `metadata` to `url` atomically.
    public static func write(_ tensors: StateDictionary, metadata: [String: String] = [:], to url: URL) throws {
        try AtomicFile.write(encode(tensors, metadata: metadata), to: url)
    }

    /// Writes `checkpoint`'s tensors and metadata to `url` atomically (converting a `.pth`, for
    /// instance; a stale `data_sha256` is replaced by the new one).
    public static func write(_ checkpoint: Checkpoint, to url: URL) throws {
        try write(checkpoint.tensors, metadata: checkpoint.metadata, to: url)
    }

    /// Reads the safetensors file at `url`, verifying its checksum when it has one.
    public static func read(from url: URL) throws -> Checkpoint {
        try decode(FileBytes.read(url), file: url.path)
    }

    /// Parses safetensors `bytes`; errors name `file`.
    public static func decode(_ bytes: [UInt8], file: String) throws -> Checkpoint {
        var reader = ByteReader(bytes, file: file)
        let headerLength = try reader.uint64("the 8-byte header length")
        guard headerLength <= UInt64(maximumHeaderBytes) else {
            throw CheckpointError.malformed(
                file: file,
                detail: "header length \(headerLength) is implausible; this is not a safetensors file or it is damaged")
        }
        let header = try SafeTensorsHeader(json: reader.bytes(Int(headerLength), "the JSON header"), file: file)
        let dataStart = reader.position
        let dataLength = bytes.count - dataStart
        var ranges: [(entry: SafeTensorsHeader.Entry, dtype: StoredDType, range: Range<Int>)] = []
        for entry in header.entries {
            guard let dtype = StoredDType(rawValue: entry.dtype) else {
                throw CheckpointError.unsupportedDType(file: file, key: entry.name, dtype: entry.dtype)
            }
            guard let needed = StoredTensor.checkedByteCount(entry.shape, dtype), entry.dataOffsets.count == 2,
                entry.dataOffsets[0] >= 0, entry.dataOffsets[0] <= entry.dataOffsets[1]
            else {
                throw CheckpointError.inconsistentTensor(
                    file: file, key: entry.name,
                    detail: "shape \(entry.shape) or data_offsets \(entry.dataOffsets) is invalid")
            }
            let span = entry.dataOffsets[1] - entry.dataOffsets[0]
            guard needed == span else {
                throw CheckpointError.inconsistentTensor(
                    file: file, key: entry.name,
                    detail: "shape \(entry.shape) of \(dtype.rawValue) needs \(needed) bytes but data_offsets "
                        + "\(entry.dataOffsets) span \(span)")
            }
            guard entry.dataOffsets[1] <= dataLength else {
                throw CheckpointError.truncated(
                    file: file, what: "the data of tensor '\(entry.name)'", offset: dataStart + entry.dataOffsets[0],
                    needed: span, available: dataLength - entry.dataOffsets[0])
            }
            ranges.append((entry, dtype, dataStart + entry.dataOffsets[0]..<dataStart + entry.dataOffsets[1]))
        }
        if let expected = header.metadata[Checkpoint.MetadataKey.dataSHA256] {
            let actual = SHA256.hex(bytes[dataStart...])
            guard actual == expected.lowercased() else {
                throw CheckpointError.corrupted(
                    file: file, checksum: "SHA-256 of the tensor data", expected: expected, actual: actual)
            }
        }
        var tensors = StateDictionary()
        for (entry, dtype, range) in ranges {
            tensors[entry.name] = StoredTensor(unchecked: dtype, shape: entry.shape, bytes: Array(bytes[range]))
        }
        return Checkpoint(tensors: tensors, metadata: header.metadata, format: .safetensors)
    }
}

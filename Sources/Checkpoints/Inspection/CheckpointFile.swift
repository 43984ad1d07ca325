import Foundation

/// Reads any checkpoint format this module knows, recognising it from the first bytes rather
/// than the file name.
public enum CheckpointFile {
    /// The format of a file starting with `bytes`, or `nil` if it is none of the known ones.
    public static func format(of bytes: [UInt8]) -> CheckpointFormat? {
        if bytes.starts(with: NumPyFormat.magic) { return .numpy }
        // Safetensors first: its 8-byte header length may well start with 0x80 (a 384-byte header).
        if bytes.count > 8, bytes[8] == UInt8(ascii: "{") { return .safetensors }
        // A legacy `torch.save` file is a pickle: PROTO (0x80) and a protocol version 2-5.
        if bytes.count > 1, bytes[0] == 0x80, (2...5).contains(bytes[1]) { return .pytorchLegacy }
        if ZipArchive.looksLikeZip(bytes) {
            let archive = try? ZipArchive(bytes: bytes, file: "")
            let isTorch = archive?.entries.contains { $0.name == "data.pkl" || $0.name.hasSuffix("/data.pkl") } ?? false
            return isTorch ? .pytorchZip : .numpyArchive
        }
        return nil
    }

    /// The tensors and metadata of the file at `url`, whatever its format (a `.npy` array is
    /// returned under the file's stem).
    public static func read(from url: URL) throws -> Checkpoint {
        try decode(FileBytes.read(url), file: url.path)
    }

    /// Parses `bytes` in whichever format they are; errors name `file` (whose stem names a
    /// lone `.npy` array).
    public static func decode(_ bytes: [UInt8], file: String) throws -> Checkpoint {
        let url = URL(fileURLWithPath: file)
        switch format(of: bytes) {
        case .safetensors?: return try SafeTensorsFormat.decode(bytes, file: file)
        case .pytorchZip?, .pytorchLegacy?: return try PyTorchFormat.decode(bytes, file: file)
        case .numpy?:
            var tensors = StateDictionary()
            tensors[url.deletingPathExtension().lastPathComponent] = try NumPyFormat.decode(bytes[...], file: file)
            return Checkpoint(tensors: tensors, format: .numpy)
        case .numpyArchive?:
            return Checkpoint(tensors: try NumPyArchiveFormat.decode(bytes, file: file), format: .numpyArchive)
        case nil:
            throw CheckpointError.unsupportedFormat(
                file: file,
                detail: "not safetensors, a PyTorch .pth, .npy or .npz (first bytes "
                    + bytes.prefix(8).map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: " ") + ")")
        }
    }
}

import Foundation

/// What `airs inspect FILE` prints: every tensor with its statistics, then the metadata.
public struct InspectionReport: Sendable, Equatable, CustomStringConvertible {
    /// The file inspected.
    public var file: String
    /// The format it was read as.
    public var format: CheckpointFormat
    /// One summary per tensor, in file order.
    public var tensors: [TensorSummary]
    /// The file's metadata.
    public var metadata: [String: String]

    /// Summaries of every tensor of `checkpoint`, which was read from `file`.
    public init(file: String, checkpoint: Checkpoint) {
        self.file = file
        format = checkpoint.format
        tensors = checkpoint.tensors.map { TensorSummary(name: $0.name, tensor: $0.tensor) }
        metadata = checkpoint.metadata
    }

    /// Reads and summarises the checkpoint at `url` (safetensors, `.pth`, `.npy`, `.npz`).
    public init(contentsOf url: URL) throws {
        self.init(file: url.path, checkpoint: try CheckpointFile.read(from: url))
    }

    /// Total number of elements over all tensors.
    public var elementCount: Int { tensors.reduce(0) { $0 + $1.count } }

    /// The tensor table (name, dtype, shape, elements, mean, std, min, max).
    public var table: String {
        var table = TextTable(
            headers: ["name", "dtype", "shape", "elements", "mean", "std", "min", "max"],
            rightAligned: [3, 4, 5, 6, 7])
        table.rows = tensors.map {
            [
                $0.name, $0.dtype.rawValue, "\($0.shape)", String($0.count), TextTable.number($0.mean),
                TextTable.number($0.standardDeviation), TextTable.number($0.minimum), TextTable.number($0.maximum),
            ]
        }
        return table.rendered()
    }

    /// A heading line, the tensor table, then the metadata sorted by key (long values cut to one line).
    public var description: String {
        var lines = ["\(file) (\(format.rawValue)): \(tensors.count) tensors, \(elementCount) elements", table]
        if !metadata.isEmpty {
            lines.append("metadata:")
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
                let firstLine = String(value.prefix { $0 != "\n" }.prefix(100))
                lines.append("  \(key): \(firstLine)\(firstLine == value ? "" : " …")")
            }
        }
        return lines.joined(separator: "\n")
    }
}

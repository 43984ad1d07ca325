import Foundation

/// The functions behind `airs inspect`: each returns a value whose `description` is the
/// printable table.
public enum CheckpointInspector {
    /// Every tensor of the file at `url` with dtype, shape, element count, mean, std, min, max,
    /// and the file's metadata.
    public static func inspect(_ url: URL) throws -> InspectionReport {
        try InspectionReport(contentsOf: url)
    }

    /// Tensors of `first` and `second` that differ in shape, dtype or value (beyond `tolerance`),
    /// with the largest absolute difference, and the names found in one file only.
    public static func diff(_ first: URL, _ second: URL, tolerance: Double = 0) throws -> CheckpointDiff {
        try CheckpointDiff(contentsOf: first, second, tolerance: tolerance)
    }
}

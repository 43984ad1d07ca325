import Foundation

/// What `airs inspect A B --diff` prints: tensors that differ in shape, dtype or value (with
/// the largest absolute difference), and names present on one side only.
public struct CheckpointDiff: Sendable, Equatable, CustomStringConvertible {
    /// A tensor present in both files that is not identical.
    public struct Difference: Sendable, Equatable {
        /// The tensor name.
        public var name: String
        /// Shapes in the first and second file.
        public var shapes: ([Int], [Int])
        /// Dtypes in the first and second file.
        public var dtypes: (StoredDType, StoredDType)
        /// Largest |a − b| over the elements (`nil` when the shapes differ; infinite where one
        /// side is NaN and the other is not).
        public var maximumAbsoluteDifference: Double?
        /// Row-major index of that largest difference.
        public var indexOfMaximum: Int?

        public static func == (lhs: Difference, rhs: Difference) -> Bool {
            lhs.name == rhs.name && lhs.shapes == rhs.shapes && lhs.dtypes == rhs.dtypes
                && lhs.maximumAbsoluteDifference == rhs.maximumAbsoluteDifference
                && lhs.indexOfMaximum == rhs.indexOfMaximum
        }
    }

    /// The two files compared.
    public var files: (String, String)
    /// Differing tensors, in the first file's order.
    public var differences: [Difference] = []
    /// Names only in the first file.
    public var onlyInFirst: [String] = []
    /// Names only in the second file.
    public var onlyInSecond: [String] = []
    /// Number of tensors identical in both.
    public var identicalCount = 0

    /// Compares `first` (read from `files.0`) with `second` (from `files.1`); values differing
    /// by at most `tolerance` count as equal.
    public init(_ first: Checkpoint, _ second: Checkpoint, files: (String, String), tolerance: Double = 0) {
        self.files = files
        for entry in first.tensors {
            guard let other = second.tensors[entry.name] else {
                onlyInFirst.append(entry.name)
                continue
            }
            var difference = Difference(
                name: entry.name, shapes: (entry.tensor.shape, other.shape),
                dtypes: (entry.tensor.dtype, other.dtype))
            if entry.tensor.shape == other.shape {
                let (largest, index) = CheckpointDiff.largestDifference(entry.tensor.doubles(), other.doubles())
                difference.maximumAbsoluteDifference = largest
                difference.indexOfMaximum = index
                if largest <= tolerance, entry.tensor.dtype == other.dtype {
                    identicalCount += 1
                    continue
                }
            }
            differences.append(difference)
        }
        onlyInSecond = second.tensors.names.filter { first.tensors[$0] == nil }
    }

    /// Reads both files (any supported format) and compares them.
    public init(contentsOf first: URL, _ second: URL, tolerance: Double = 0) throws {
        self.init(
            try CheckpointFile.read(from: first), try CheckpointFile.read(from: second),
            files: (first.path, second.path), tolerance: tolerance)
    }

    /// Whether nothing differs.
    public var isEmpty: Bool { differences.isEmpty && onlyInFirst.isEmpty && onlyInSecond.isEmpty }

    /// Every tensor name of either file.
    public var tensorCount: Int {
        identicalCount + differences.count + onlyInFirst.count + onlyInSecond.count
    }

    /// One line, as `cmp` would answer: `identical: 122 tensors`, or
    /// `differ: 3 of 122 tensors (2 with other values or shapes, 1 only in B)`.
    public var verdict: String {
        let plural = { (count: Int) in count == 1 ? "tensor" : "tensors" }
        guard !isEmpty else { return "identical: \(tensorCount) \(plural(tensorCount))" }
        let parts = [
            (differences.count, "with other values or shapes"), (onlyInFirst.count, "only in A"),
            (onlyInSecond.count, "only in B"),
        ]
        .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        let differing = tensorCount - identicalCount
        return "differ: \(differing) of \(tensorCount) \(plural(tensorCount))"
            + " (\(parts.joined(separator: ", ")))"
    }

    /// The exit status of `airs inspect A B --diff`, as `diff` and `cmp` use it: 0 when the
    /// files are identical, 1 when they differ (2, for an error, is the command's).
    public var exitStatus: Int32 { isEmpty ? 0 : 1 }

    private static func largestDifference(_ a: [Double], _ b: [Double]) -> (Double, Int?) {
        var largest = 0.0
        var index: Int?
        for i in a.indices {
            let bothNaN = a[i].isNaN && b[i].isNaN
            let delta = bothNaN ? 0 : (a[i].isNaN || b[i].isNaN ? .infinity : abs(a[i] - b[i]))
            if delta > largest || (index == nil && delta > 0) {
                largest = delta
                index = i
            }
        }
        return (largest, index)
    }

    public static func == (lhs: CheckpointDiff, rhs: CheckpointDiff) -> Bool {
        lhs.files == rhs.files && lhs.differences == rhs.differences && lhs.onlyInFirst == rhs.onlyInFirst
            && lhs.onlyInSecond == rhs.onlyInSecond && lhs.identicalCount == rhs.identicalCount
    }

    /// The differing tensors as a table (name, shapes, dtypes, max |Δ|, at index).
    public var table: String {
        var table = TextTable(
            headers: ["name", "shape A", "shape B", "dtype A", "dtype B", "max |a-b|", "at"],
            rightAligned: [5, 6])
        table.rows = differences.map {
            [
                $0.name, "\($0.shapes.0)", "\($0.shapes.1)", $0.dtypes.0.rawValue, $0.dtypes.1.rawValue,
                $0.maximumAbsoluteDifference.map { TextTable.number($0) } ?? "shape",
                $0.indexOfMaximum.map(String.init) ?? "-",
            ]
        }
        return table.rendered()
    }

    /// The verdict, the two files, the table of differing tensors, then the names found on one
    /// side only.
    public var description: String {
        var lines = [verdict, "A = \(files.0)", "B = \(files.1)"]
        if !differences.isEmpty { lines.append(table) }
        if !onlyInFirst.isEmpty { lines.append("only in A: " + onlyInFirst.joined(separator: ", ")) }
        if !onlyInSecond.isEmpty { lines.append("only in B: " + onlyInSecond.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }
}

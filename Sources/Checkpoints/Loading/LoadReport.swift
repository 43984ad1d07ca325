/// How strictly a state dictionary must fit the model it is loaded into.
public enum LoadMode: Sendable, Equatable {
    /// Every model key present, no extra keys, every shape equal (PyTorch `strict=True`;
    /// upstream loads teachers and distiller checkpoints this way).
    case strict
    /// Extra keys and shape mismatches are errors; model keys absent from the file keep their
    /// values (upstream's ImageNet initialisation of students, models.md §8.1).
    case allowMissing
    /// Nothing is an error: matching tensors load, everything else is only reported.
    case nonStrict
}

/// The name and shape of a tensor a model expects.
public struct ExpectedTensor: Sendable, Equatable {
    /// The dotted parameter or buffer name.
    public var name: String
    /// Its shape.
    public var shape: [Int]

    /// An expectation of `shape` under `name`.
    public init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
    }
}

/// Every difference between what a model expects and what a file holds, found in one pass so
/// the user sees all of them at once.
public struct LoadReport: Sendable, Equatable, CustomStringConvertible {
    /// A tensor present on both sides with different shapes.
    public struct ShapeMismatch: Sendable, Equatable {
        /// The tensor name.
        public var name: String
        /// The model's shape.
        public var expected: [Int]
        /// The file's shape.
        public var found: [Int]
    }

    /// Model tensors the file lacks, in model order.
    public var missing: [ExpectedTensor] = []
    /// File tensors the model lacks, in file order (with the file's shapes).
    public var unexpected: [ExpectedTensor] = []
    /// Tensors whose shapes differ, in model order.
    public var shapeMismatches: [ShapeMismatch] = []
    /// Names present on both sides with equal shapes, in model order: these load.
    public var matched: [String] = []

    /// Compares `expected` (the model's tensors) with `found` (the file's).
    public init(expected: [ExpectedTensor], found: StateDictionary) {
        var expectedNames = Set<String>()
        for tensor in expected {
            expectedNames.insert(tensor.name)
            guard let stored = found[tensor.name] else {
                missing.append(tensor)
                continue
            }
            if stored.shape == tensor.shape {
                matched.append(tensor.name)
            } else {
                shapeMismatches.append(ShapeMismatch(name: tensor.name, expected: tensor.shape, found: stored.shape))
            }
        }
        unexpected = found.entries.filter { !expectedNames.contains($0.name) }
            .map { ExpectedTensor(name: $0.name, shape: $0.tensor.shape) }
    }

    /// Whether the file fits the model exactly.
    public var isClean: Bool { missing.isEmpty && unexpected.isEmpty && shapeMismatches.isEmpty }

    /// Whether loading under `mode` may proceed.
    public func isAcceptable(under mode: LoadMode) -> Bool {
        switch mode {
        case .strict: return isClean
        case .allowMissing: return unexpected.isEmpty && shapeMismatches.isEmpty
        case .nonStrict: return true
        }
    }

    /// Throws `stateMismatch` for `file`, listing every problem, unless `mode` accepts the report.
    public func validate(mode: LoadMode, file: String) throws {
        guard isAcceptable(under: mode) else { throw CheckpointError.stateMismatch(file: file, report: self) }
    }

    /// One line per problem: missing keys, unexpected keys, then shape mismatches.
    public var description: String {
        var lines: [String] = []
        if !missing.isEmpty {
            lines.append("  \(missing.count) missing key(s) (in the model, not in the file):")
            lines += missing.map { "    \($0.name) \($0.shape)" }
        }
        if !unexpected.isEmpty {
            lines.append("  \(unexpected.count) unexpected key(s) (in the file, not in the model):")
            lines += unexpected.map { "    \($0.name) \($0.shape)" }
        }
        if !shapeMismatches.isEmpty {
            lines.append("  \(shapeMismatches.count) shape mismatch(es):")
            lines += shapeMismatches.map { "    \($0.name): model \($0.expected), file \($0.found)" }
        }
        if lines.isEmpty { return "  all \(matched.count) tensors match" }
        if !unexpected.isEmpty || !missing.isEmpty {
            lines.append(
                "  hint: if names differ only by a prefix such as 'module.' or 'student.', "
                    + "strip it (StateDictionary.removingOccurrences(of:))")
        }
        return lines.joined(separator: "\n")
    }
}

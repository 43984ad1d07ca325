import Checkpoints
import Foundation
import NeuralNetwork

/// Reading a checkpoint file into a network, whatever its format and key prefix.
enum WeightLoading {
    /// Loads `path` into `network`. Without `prefix`, keys the network has are used as they are;
    /// otherwise the leading component (`student.`, `teacher.`, `module.`) whose stripped keys
    /// match the most of the network's is taken. Returns a one-line report.
    static func load(into network: any Module, from path: String, prefix: String?, mode: LoadMode) throws -> String {
        try load(
            into: network, checkpoint: try CheckpointFile.read(from: URL(fileURLWithPath: path)), path: path,
            prefix: prefix, mode: mode)
    }

    /// Loads an already read checkpoint (see `load(into:from:prefix:mode:)`).
    static func load(
        into network: any Module, checkpoint: Checkpoint, path: String, prefix: String?,
        mode: LoadMode
    ) throws -> String {
        let tensors = try selected(
            checkpoint.tensors, prefix: prefix, expected: Set(network.stateEntries().map(\.name)))
        let report = try network.load(tensors, mode: mode, file: path)
        var line = "loaded \(report.matched.count) tensors from \(path)"
        if !report.missing.isEmpty { line += ", \(report.missing.count) missing" }
        if !report.unexpected.isEmpty { line += ", \(report.unexpected.count) unexpected" }
        return line
    }

    /// The number of classes of the classifier stored in `checkpoint` (the rows of its
    /// `…classifier.weight`), if it has one.
    static func classes(in checkpoint: Checkpoint, prefix: String?) -> Int? {
        let candidates = checkpoint.tensors.entries.filter {
            $0.name.hasSuffix("classifier.weight") && (prefix.map($0.name.hasPrefix) ?? true)
        }
        // A distiller checkpoint may hold a teacher and a student; the student's is the one loaded.
        let entry = candidates.first { $0.name.hasPrefix("student.") } ?? candidates.first
        guard let shape = entry?.tensor.shape, shape.count == 2 else { return nil }
        return shape[0]
    }

    private static func selected(_ tensors: StateDictionary, prefix: String?, expected: Set<String>) throws
        -> StateDictionary
    {
        if let prefix { return try tensors.strippingPrefix(prefix) }
        if tensors.names.contains(where: expected.contains) { return tensors }
        let prefixes = Set(tensors.names.compactMap { name in name.firstIndex(of: ".").map { String(name[...$0]) } })
        var best: (prefix: String, matches: Int)?
        for candidate in prefixes.sorted() {
            let matches = tensors.names.filter {
                $0.hasPrefix(candidate) && expected.contains(String($0.dropFirst(candidate.count)))
            }.count
            if matches > (best?.matches ?? 0) { best = (candidate, matches) }
        }
        guard let best else { return tensors }
        return try tensors.strippingPrefix(best.prefix)
    }
}

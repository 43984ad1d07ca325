import Checkpoints
import Foundation
import NeuralNetwork

/// Reading a checkpoint file into a network, whatever its format.
enum WeightLoading {
    /// Loads `path` into `network`; without `prefix`, a key prefix shared by every key that the
    /// network lacks (`module.`, `student.`) is stripped. Returns a one-line report.
    static func load(into network: any Module, from path: String, prefix: String?, mode: LoadMode) throws -> String {
        let checkpoint = try CheckpointFile.read(from: URL(fileURLWithPath: path))
        var tensors = checkpoint.tensors
        if let prefix {
            tensors = try tensors.strippingPrefix(prefix)
        } else if let shared = sharedPrefix(of: tensors.names, missingFrom: Set(network.stateEntries().map(\.name))) {
            tensors = try tensors.strippingPrefix(shared)
        }
        let report = try network.load(tensors, mode: mode, file: path)
        var line = "loaded \(report.matched.count) tensors from \(path)"
        if !report.missing.isEmpty { line += ", \(report.missing.count) missing" }
        if !report.unexpected.isEmpty { line += ", \(report.unexpected.count) unexpected" }
        return line
    }

    private static func sharedPrefix(of keys: [String], missingFrom expected: Set<String>) -> String? {
        guard let first = keys.first, !keys.contains(where: expected.contains),
              let dot = first.firstIndex(of: ".") else { return nil }
        let prefix = String(first[...dot])
        return keys.allSatisfy { $0.hasPrefix(prefix) } ? prefix : nil
    }
}

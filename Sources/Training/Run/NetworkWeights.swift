import Checkpoints
import Foundation
import Models
import NeuralNetwork
import TensorEngine

/// Reading and writing a network's state under a name prefix (`student.`), as the run
/// folder's checkpoints store it.
public enum NetworkWeights {
    /// The network's parameters and buffers, each name prefixed with `prefix`.
    public static func stateDictionary(_ network: any Module, prefix: String = "student.") throws -> StateDictionary {
        try StateDictionary(tensors: network.stateEntries().map { (prefix + $0.name, $0.value.detached()) })
    }

    /// Writes `network` to a safetensors file with `prefix` on every name.
    public static func write(_ network: any Module, prefix: String = "student.", metadata: [String: String] = [:], to url: URL) throws {
        try SafeTensorsFormat.write(stateDictionary(network, prefix: prefix), metadata: metadata, to: url)
    }

    /// Loads every parameter and buffer of `network` from the safetensors file at `url`,
    /// whose names carry `prefix` (names without it are ignored). `nameKey` is the config key
    /// that names the network, for the hint of a mismatch. With `retrievalOnly`, a classifier
    /// tensor (`…classifier.*`, used for logits only) that is missing or of another class count
    /// is left as it is instead of failing; the names left are returned.
    @discardableResult
    public static func load(
        _ network: any Module, from url: URL, prefix: String = "student.",
        nameKey: String = "DISTILLER.STUDENT_NAME", retrievalOnly: Bool = false
    ) throws -> [String] {
        let checkpoint = try SafeTensorsFormat.read(from: url)
        let hint = "; was the file written for this network (check \(nameKey))?"
        var left: [String] = []
        for entry in network.stateEntries() {
            let key = prefix + entry.name
            let owner = entry.name.split(separator: ".").dropLast().last
            let isClassifier = retrievalOnly && owner == "classifier"
            guard checkpoint.tensors[key] != nil else {
                if isClassifier {
                    left.append(key)
                    continue
                }
                throw TrainingError.checkpointMismatch(
                    file: url.path, key: key, message: "is missing" + hint)
            }
            let value = try checkpoint.tensors.tensor(named: key)
            guard value.shape == entry.value.shape else {
                if isClassifier {
                    left.append(key)
                    continue
                }
                let shapes = "has shape \(value.shape), the network needs \(entry.value.shape)"
                throw TrainingError.checkpointMismatch(
                    file: url.path, key: key, message: shapes + hint)
            }
            try entry.assign(value)
        }
        return left
    }
}

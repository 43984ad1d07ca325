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
    /// whose names carry `prefix` (names without it are ignored).
    public static func load(_ network: any Module, from url: URL, prefix: String = "student.") throws {
        let checkpoint = try SafeTensorsFormat.read(from: url)
        for entry in network.stateEntries() {
            let key = prefix + entry.name
            guard checkpoint.tensors[key] != nil else {
                throw TrainingError.checkpointMismatch(file: url.path, key: key, message: "is missing")
            }
            let value = try checkpoint.tensors.tensor(named: key)
            guard value.shape == entry.value.shape else {
                throw TrainingError.checkpointMismatch(file: url.path, key: key,
                                                       message: "has shape \(value.shape), the network needs \(entry.value.shape)")
            }
            try entry.assign(value)
        }
    }
}

import Checkpoints
import Foundation
import Models
import NeuralNetwork
import TensorEngine

/// Reading and writing a network's state under a name prefix (`student.`), as the run
/// folder's checkpoints and upstream's trainer store it.
public enum NetworkWeights {
    /// The network's parameters and buffers, each name prefixed with `prefix`, in the dtypes
    /// PyTorch uses (`num_batches_tracked` as I64).
    public static func stateDictionary(_ network: any Module, prefix: String = "student.") throws
        -> StateDictionary
    {
        try network.stateDictionary(prefix: prefix)
    }

    /// Writes `network` to a safetensors file with `prefix` on every name.
    public static func write(
        _ network: any Module, prefix: String = "student.", metadata: [String: String] = [:],
        to url: URL
    ) throws {
        try SafeTensorsFormat.write(
            stateDictionary(network, prefix: prefix), metadata: metadata, to: url)
    }

    /// Loads every parameter and buffer of `network` from the file at `url`: safetensors or a
    /// PyTorch `.pth` (zip or legacy), told apart by content. See `load(_:checkpoint:file:prefix:)`
    /// for which keys are used. Returns the number of tensors copied.
    @discardableResult
    public static func load(_ network: any Module, from url: URL, prefix: String = "student.")
        throws -> Int
    {
        try load(
            network, checkpoint: CheckpointFile.read(from: url), file: url.path, prefix: prefix)
    }

    /// Runs `body`, which loads weights into the network `key` names; a file that does not fit
    /// is reported with that key, as the likelier mistake may be the network's name.
    static func naming<T>(_ key: String, network: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as CheckpointError {
            guard case .stateMismatch = error else { throw error }
            throw TrainingError.networkMismatch(key: key, network: network, underlying: "\(error)")
        }
    }

    /// Loads `network` from an already read `checkpoint`. When some keys start with `prefix`,
    /// those are the network's and the rest (optimizer state, a second network) is ignored;
    /// otherwise the keys are taken as the network's own names. Either way the network's
    /// share must fit it exactly (upstream loads teachers strictly, spec/models.md §8.2): every
    /// missing key, extra key and shape mismatch is reported at once, naming `file`.
    @discardableResult
    public static func load(
        _ network: any Module, checkpoint: Checkpoint, file: String, prefix: String = "student."
    ) throws -> Int {
        let (tensors, keyPrefix) = share(of: checkpoint, prefix: prefix)
        return try network.load(tensors, mode: .strict, file: file, prefix: keyPrefix).matched.count
    }

    /// The network's share of `checkpoint` and the prefix its keys carry: the keys starting with
    /// `prefix` when there are any, otherwise every key, taken as the network's own names.
    private static func share(of checkpoint: Checkpoint, prefix: String) -> (StateDictionary, String) {
        let prefixed = checkpoint.tensors.keepingKeys(withPrefix: prefix)
        return prefixed.isEmpty ? (checkpoint.tensors, "") : (prefixed, prefix)
    }

    /// Loads `network` for retrieval alone: a classifier (`…classifier.*`, used for logits only)
    /// that the file lacks or holds for another class count keeps its values, and every other
    /// tensor must fit exactly, as in `load(_:from:prefix:)`. Returns the names left as they were.
    public static func loadForRetrieval(_ network: any Module, from url: URL, prefix: String = "student.")
        throws -> [String]
    {
        let checkpoint = try CheckpointFile.read(from: url)
        let (tensors, keyPrefix) = share(of: checkpoint, prefix: prefix)
        var left: [String] = []
        var kept = tensors.entries.map { ($0.name, $0.tensor) }
        for entry in network.stateEntries() where entry.name.split(separator: ".").dropLast().last == "classifier" {
            let key = keyPrefix + entry.name
            guard tensors[key]?.shape != entry.value.shape else { continue }
            left.append(key)
            kept.removeAll { $0.0 == key }
            kept.append((key, StoredTensor(entry.value)))
        }
        try network.load(StateDictionary(kept, file: url.path), mode: .strict, file: url.path, prefix: keyPrefix)
        return left
    }
}

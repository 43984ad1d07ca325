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
        let prefixed = checkpoint.tensors.keepingKeys(withPrefix: prefix)
        let report =
            prefixed.isEmpty
            ? try network.load(checkpoint.tensors, mode: .strict, file: file)
            : try network.load(prefixed, mode: .strict, file: file, prefix: prefix)
        return report.matched.count
    }
}

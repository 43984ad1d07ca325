import NeuralNetwork
import TensorEngine

extension Module {
    /// The module's parameters and buffers as a state dictionary, in PyTorch's `state_dict`
    /// order and names (with `prefix` before each, e.g. `student.`); integer buffers such as
    /// `num_batches_tracked` are stored as I64, as PyTorch stores them.
    public func stateDictionary(prefix: String = "") throws -> StateDictionary {
        let pairs = try stateEntries(prefix: prefix).map { entry -> (String, StoredTensor) in
            if entry.isInteger {
                let values = entry.value.doubles.map { Int($0) }
                return (entry.name, try StoredTensor(integers: values, shape: entry.value.shape))
            }
            return (entry.name, StoredTensor(entry.value))
        }
        return try StateDictionary(pairs)
    }

    /// Loads `dictionary` into the module, whose keys are the module's names with `prefix`
    /// before each (`student.`). Every missing key, unexpected key and shape mismatch is found
    /// first and reported at once (a `stateMismatch` error naming `file` and the keys as the file
    /// spells them) unless `mode` accepts them; then every matching tensor is assigned, integer
    /// and half-precision tensors converted. Returns the report.
    @discardableResult
    public func load(
        _ dictionary: StateDictionary, mode: LoadMode = .strict, file: String,
        prefix: String = ""
    ) throws -> LoadReport {
        let entries = stateEntries()
        let expected = entries.map { ExpectedTensor(name: prefix + $0.name, shape: $0.value.shape) }
        let report = LoadReport(expected: expected, found: dictionary)
        try report.validate(mode: mode, file: file)
        let matched = Set(report.matched)
        for entry in entries where matched.contains(prefix + entry.name) {
            let key = prefix + entry.name
            guard let stored = dictionary[key] else { continue }
            do {
                try entry.assign(stored.floatTensor())
            } catch {
                throw CheckpointError.conversion(key: key, detail: "\(error)")
            }
        }
        return report
    }
}

import Distillers
import NeuralNetwork
import TensorEngine

/// The teacher's retrieval head as a frozen `ClassifierHead` (UGD classifies projected
/// student cells with it), read from the network's `…add_block.*` / `…classifier.*` state.
enum TeacherHead {
    static func make(_ network: any Module) throws -> ClassBlockHead? {
        let entries = network.stateEntries()
        guard let anchor = entries.first(where: { $0.name.hasSuffix("add_block.0.weight") }) else { return nil }
        let prefix = String(anchor.name.dropLast("add_block.0.weight".count))
        let values = Dictionary(entries.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        func value(_ name: String) throws -> Tensor {
            guard let tensor = values[prefix + name] else {
                throw TrainingError.checkpointMismatch(
                    file: "teacher network", key: prefix + name, message: "is missing from the head")
            }
            return tensor
        }
        func batchNorm(_ index: Int) throws -> (weight: Tensor, bias: Tensor, mean: Tensor, variance: Tensor) {
            let base = "add_block.\(index)."
            return (
                try value(base + "weight"), try value(base + "bias"), try value(base + "running_mean"),
                try value(base + "running_var")
            )
        }
        return ClassBlockHead(
            bn1: try batchNorm(0), linearWeight: try value("add_block.2.weight"),
            bn2: try batchNorm(3), classifierWeight: try value("classifier.weight"))
    }
}

import Checkpoints
import Foundation
import Models
import NeuralNetwork
import ScriptLanguage
import TensorEngine

/// A network from the model registry as a script value (type `Model`): attributes `name`,
/// `parameters` (a count), `classes`, `training` and `weights`; `model(x)` or `model.forward(x)`
/// runs a batch.
public final class ModelObject: HostObject {
    /// The network.
    public let network: any ImageNetwork
    /// The number of classes it was built with.
    public let classes: Int
    /// The checkpoint its weights came from, if any.
    public let weights: String?

    /// Wraps `network`, built for `classes` classes, with weights from the file `weights`.
    public init(_ network: any ImageNetwork, classes: Int, weights: String? = nil) {
        self.network = network
        self.classes = classes
        self.weights = weights
    }

    /// `"Model"`.
    public var typeName: String { "Model" }

    /// `<Model ResNet18: 11.446 M parameters, 11.441 M without the classifier, 10 classes,
    /// eval mode>`.
    public var description: String {
        let mode = network.isTraining ? "training" : "eval"
        let source = weights.map { ", weights \($0)" } ?? ""
        return "<Model \(network.name): \(ParameterCounts(network)), \(classes) classes, "
            + "\(mode) mode\(source)>"
    }

    /// The properties a script can read.
    public var attributeNames: [String] { ["name", "parameters", "classes", "training", "weights"] }

    /// `name`, `parameters`, `classes` or `training`.
    public func attribute(_ name: String) throws -> Value? {
        switch name {
        case "name": return .string(network.name)
        case "parameters": return .number(Double(network.parameterCount))
        case "classes": return .number(Double(classes))
        case "training": return .bool(network.isTraining)
        case "weights": return weights.map(Value.string) ?? .nil
        default: return nil
        }
    }

    /// Writes the parameters and buffers (unprefixed keys) as safetensors, with the
    /// architecture in the metadata.
    public func save(to path: String) throws {
        try SafeTensorsFormat.write(
            try network.stateDictionary(),
            metadata: Checkpoint.metadata(architecture: network.name),
            to: OutputFile.prepare(path, for: "save_weights"))
    }

    /// Runs `images` `[batch, 3, height, width]` through the network (without recording
    /// gradients in eval mode).
    public func forward(_ images: Tensor) throws -> NetworkOutputs {
        if network.isTraining { return try network(images) }
        return try Tensor.withoutGradient { try network(images) }
    }
}

/// A forward pass's outputs (type `Outputs`): `logits`, `pooled`, `retrieval` and `stages`
/// as attributes or as `out["logits"]`.
public final class OutputsObject: HostObject {
    /// The outputs.
    public let outputs: NetworkOutputs

    /// Wraps `outputs`.
    public init(_ outputs: NetworkOutputs) {
        self.outputs = outputs
    }

    /// `"Outputs"`.
    public var typeName: String { "Outputs" }

    /// The names and shapes of the outputs.
    public var description: String {
        let stages = outputs.stageFeatures.map { "\($0.shape)" }.joined(separator: ", ")
        return "<Outputs logits \(outputs.logits.shape), pooled \(outputs.pooledFeature.shape), "
            + "retrieval \(outputs.retrievalFeature.shape), stages [\(stages)]>"
    }

    /// The output names.
    public var attributeNames: [String] { ["logits", "pooled", "retrieval", "stages"] }

    /// One output: a tensor, or the list of stage tensors.
    public func attribute(_ name: String) throws -> Value? {
        switch name {
        case "logits": return .tensor(outputs.logits)
        case "pooled": return .tensor(outputs.pooledFeature)
        case "retrieval": return .tensor(outputs.retrievalFeature)
        case "stages": return .list(outputs.stageFeatures.map(Value.tensor))
        default: return nil
        }
    }

    /// `out["logits"]`, as a dictionary would.
    public func subscriptGet(_ indices: [IndexValue]) throws -> Value? {
        guard indices.count == 1, case .single(.string(let key)) = indices[0] else {
            throw ScriptError(.type, "Outputs are indexed by name: out[\"logits\"]")
        }
        guard let value = try attribute(key) else {
            throw ScriptError(
                .key, "no output '\(key)'", hint: "the outputs are \(attributeNames.joined(separator: ", "))")
        }
        return value
    }

    /// The output names, so `for k in out` and `len(out)` work like a dictionary's.
    public func elements() throws -> [Value]? { attributeNames.map(Value.string) }

    /// Four outputs.
    public var length: Int? { attributeNames.count }
}

import Checkpoints
import Foundation
import Models
import ScriptLanguage
import TensorEngine
import Training

/// A `Model` as a safetensors checkpoint (`student.` keys, as training writes them) whose
/// metadata names how to rebuild it: architecture, classes, last stride and mode.
public enum ModelCheckpoint {
    /// Writes `model`'s weights and buffers with what `read(from:)` needs to rebuild it.
    public static func write(_ model: ModelObject, to url: URL) throws {
        let network = model.network
        let metadata = [
            "architecture": network.name, "airs.model.classes": "\(model.classes)",
            "airs.model.last_stride": "\(lastStride(of: model))", "airs.model.training": "\(network.isTraining)",
        ]
        try NetworkWeights.write(network, metadata: metadata, to: url)
    }

    /// The model saved by `write(_:to:)`.
    public static func read(from url: URL) throws -> ModelObject {
        let metadata = try SafeTensorsFormat.read(from: url).metadata
        guard let name = metadata["architecture"], let classes = metadata["airs.model.classes"].flatMap(Int.init) else {
            throw ScriptError(
                .value,
                "\(url.path) lacks the architecture or airs.model.classes metadata of a saved Model; build it with model(name) and load_weights"
            )
        }
        var generator = RandomGenerator(seed: 0)
        let network = try ModelRegistry.make(
            name, numClasses: classes, lastStride: metadata["airs.model.last_stride"].flatMap(Int.init) ?? 1,
            initialize: false, generator: &generator)
        try NetworkWeights.load(network, from: url)
        network.setTraining(metadata["airs.model.training"] == "true")
        return ModelObject(network, classes: classes)
    }

    /// The model's last stride, which its weights do not show: a stride-1 twin of the same
    /// architecture does the same work on a 64x64 image only if the model has stride 1.
    static func lastStride(of model: ModelObject) -> Int {
        var generator = RandomGenerator(seed: 0)
        guard
            let twin = try? ModelRegistry.make(
                model.network.name, numClasses: model.classes, lastStride: 1,
                initialize: false, generator: &generator),
            let mine = try? model.network.complexity(height: 64, width: 64),
            let theirs = try? twin.complexity(height: 64, width: 64)
        else { return 1 }
        return mine.macs == theirs.macs ? 1 : 2
    }
}

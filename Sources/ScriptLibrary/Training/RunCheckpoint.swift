import Checkpoints
import Configuration
import Foundation
import ScriptLanguage
import Training

/// A run as one resumable safetensors file: Training's resume state (weights, optimizer
/// momentum, method state, epoch, step, generator, loss history) plus the run's config, whether
/// it writes a run folder, and its pause condition, in the metadata.
extension RunValue {
    static let configKey = "airs.run.config"
    static let folderKey = "airs.run.writes_folder"
    static let conditionKey = "airs.run.pause_when"

    /// Writes the run to `url` so that `RunValue.restore(from:writeFolder:)` continues it exactly.
    public func writeCheckpoint(to url: URL) throws {
        var metadata = [Self.configKey: run.config.yaml(), Self.folderKey: run.folder == nil ? "false" : "true"]
        if let pauseConditionText { metadata[Self.conditionKey] = pauseConditionText }
        try run.writeResumeState(to: url, metadata: metadata)
    }

    /// The run saved in `url` by `writeCheckpoint(to:)`; `writeFolder: nil` reopens the run
    /// folder only if the saved run had one (appending to its logs).
    public static func restore(from url: URL, writeFolder: Bool? = nil) throws -> RunValue {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ScriptError(.value, "no run checkpoint at \(url.path); save(run, path) writes one")
        }
        let metadata = try SafeTensorsFormat.read(from: url).metadata
        guard let yaml = metadata[configKey] else {
            throw ScriptError(
                .value,
                "\(url.path) is not a run saved by save(run, path): it has no \(configKey) metadata; load_weights(model, path) reads plain weights"
            )
        }
        let config = try Config.load(yaml: yaml, file: url.path + " (\(configKey))")
        let value = RunValue(
            try TrainingRun.restore(
                config: config, from: url,
                writeFolder: writeFolder ?? (metadata[folderKey] == "true")))
        if let condition = metadata[conditionKey] { try value.setPauseCondition(condition) }
        return value
    }

    /// The batch of the step that paused the run (non-finite loss or pause condition), read
    /// again from the loaders, which give the same batch for the same epoch and index; nil
    /// while the run is not paused.
    func pausedBatch() throws -> Value {
        guard run.pauseReason != nil, let last = run.history.steps.last, last.step >= 1 else { return .nil }
        let index = last.step - 1
        let stream = run.studentLoader.epoch(last.epoch - 1, startingAt: index)
        defer { stream.cancel() }
        guard let batch = try stream.next() else { return .nil }
        var entries: [(String, Value)] = [
            ("epoch", .number(Double(last.epoch))), ("step", .number(Double(last.step))),
            ("images", .host(TensorValue(batch.images))), ("labels", .list(batch.pids.map { .number(Double($0)) })),
            ("paths", .list(batch.paths.map(Value.string))), ("terms", Self.termsValue(last.terms)),
        ]
        if let loader = run.distillationLoader {
            let views = loader.epoch(last.epoch - 1, startingAt: index)
            defer { views.cancel() }
            if let kd = try views.next() {
                entries += [
                    ("student_view", .host(TensorValue(kd.student))), ("teacher_view", .host(TensorValue(kd.teacher))),
                    ("kd_labels", .list(kd.labels.map { .number(Double($0)) })),
                ]
            }
        }
        return .dictionary(ScriptDictionary(entries))
    }
}

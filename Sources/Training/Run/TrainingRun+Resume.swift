import Checkpoints
import Configuration
import Foundation
import TensorEngine

extension TrainingRun {
    /// The resume file of the run folder.
    public static let resumeFileName = "last.safetensors"

    /// Writes `last.safetensors` (see `writeResumeState(to:metadata:)`) into the run folder.
    /// Written at every epoch end and on an interrupt; nil without a run folder.
    @discardableResult
    public func saveResumeState() throws -> URL? {
        guard let folder else { return nil }
        // A write still under way holds an older state; this one replaces it either way, so
        // its error no longer matters, but it must not rename its file over this one's.
        try? finishResumeWrite()
        let url = folder.url.appendingPathComponent(Self.resumeFileName)
        try writeResumeState(to: url)
        return url
    }

    /// Takes the resume state now and writes `last.safetensors` on a background thread, so that
    /// the next epoch need not wait for the encoding, hashing and `fsync` of ~90 MB (a
    /// ResNet18 with its momentum). Public entry points finish it before they return
    /// (`keepingResumable`), so callers always find the file complete.
    func saveResumeStateInBackground() throws {
        guard let folder else { return }
        try finishResumeWrite()
        let url = folder.url.appendingPathComponent(Self.resumeFileName)
        let (tensors, metadata) = try resumeState()
        pendingResumeWrite = BackgroundWrite { try SafeTensorsFormat.write(tensors, metadata: metadata, to: url) }
    }

    /// Waits for the background write of `last.safetensors`, if any; rethrows its error.
    func finishResumeWrite() throws {
        guard let pending = pendingResumeWrite else { return }
        pendingResumeWrite = nil
        try pending.wait()
    }

    /// Writes the resume state to `url`: student weights and buffers (`student.`), the method's
    /// modules (`method.`), the optimizer's state for both (`optimizer.`: momentum, or AdamW's
    /// moments and step counts),
    /// with the epoch, step, triplet-mining generator state and loss history as metadata, plus
    /// `extra` metadata (a session stores the config there).
    public func writeResumeState(to url: URL, metadata extra: [String: String] = [:]) throws {
        let (tensors, metadata) = try resumeState(metadata: extra, file: url.path)
        try SafeTensorsFormat.write(tensors, metadata: metadata, to: url)
    }

    /// A copy of the resume state (see `writeResumeState(to:metadata:)`): its tensors and metadata.
    private func resumeState(metadata extra: [String: String] = [:], file: String = resumeFileName) throws -> (
        StateDictionary, [String: String]
    ) {
        var tensors = try NetworkWeights.stateDictionary(student)
        var state: [(String, Tensor)] = optimizer.stateTensors().sorted { $0.key < $1.key }
            .map { ("optimizer." + $0.key, $0.value) }
        state += distiller.method.stateEntries.map { ("method." + $0.name, $0.value.detached()) }
        for (name, value) in state {
            guard tensors[name] == nil else {
                throw CheckpointError.duplicateKey(file: file, key: name)
            }
            tensors.set(value, named: name)
        }
        // Skipped steps (SOLVER.SKIP_NONFINITE_STEPS) keep their NaN / inf terms in the history.
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let historyJSON = String(decoding: try encoder.encode(history), as: UTF8.self)
        let metadata = extra.merging([
            "epoch": "\(epoch)", "step": "\(stepInEpoch)", "architecture": student.name,
            "generator": generator.state.map(String.init).joined(separator: ","), "history": historyJSON,
            "skipped_steps": "\(skippedSteps)",
        ]) { $1 }
        return (tensors, metadata)
    }

    /// A run built from `config` that continues where the resume state in `file` (written by
    /// `writeResumeState`) left off, even mid-epoch: the next step's losses are the ones the
    /// uninterrupted run would have had. With `writeFolder`, the run folder is appended to.
    /// The state holds nothing rank-specific: any number of ranks in `group` can continue it.
    public static func restore(
        config: Config, from file: URL, writeFolder: Bool, group: any ProcessGroup = SingleProcessGroup()
    ) throws -> TrainingRun {
        let run = try TrainingRun(config: config, writeFolder: writeFolder, resuming: true, group: group)
        try run.restore(from: file)
        return run
    }

    /// Reopens the run in `folder` (its `config.yaml` plus `overrides`) where its
    /// `last.safetensors` left off: weights, optimizer state, generator, epoch and step.
    /// Logs and `losses.jsonl` are appended to. Every rank of `group` reads the same folder;
    /// the leader alone appends to it.
    public static func resume(
        folder: URL, overrides: [String] = [], group: any ProcessGroup = SingleProcessGroup()
    ) throws -> TrainingRun {
        let file = folder.appendingPathComponent(resumeFileName)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw TrainingError.missingFile(
                path: file.path,
                hint: "it is written at every epoch end and on Ctrl-C; start the run again with airs train")
        }
        var config = try Config.load(file: folder.appendingPathComponent("config.yaml").path, overrides: overrides)
        // The folder may have moved since the run started.
        try config.set("OUTPUT_DIR.ROOT_PATH", .string(folder.deletingLastPathComponent().path))
        try config.set("OUTPUT_DIR.EXPERIMENT_NAME", .string(folder.lastPathComponent))
        let run = try TrainingRun(config: config, writeFolder: true, resuming: true, group: group)
        try run.restore(from: file)
        return run
    }

    func restore(from file: URL) throws {
        let checkpoint = try SafeTensorsFormat.read(from: file)
        let copied = try NetworkWeights.load(student, checkpoint: checkpoint, file: file.path)
        weightsSources[0] = WeightsSource(
            role: "student", network: student.name, file: file.path,
            reason: "resume state", copiedTensors: copied)
        var optimizerState: [String: Tensor] = [:]
        for entry in checkpoint.tensors where entry.name.hasPrefix("optimizer.") {
            optimizerState[String(entry.name.dropFirst("optimizer.".count))] = try entry.tensor.tensor()
        }
        for entry in distiller.method.stateEntries {
            let key = "method." + entry.name
            guard checkpoint.tensors[key] != nil else {
                throw TrainingError.checkpointMismatch(file: file.path, key: key, message: "is missing")
            }
            try entry.assign(try checkpoint.tensors.tensor(named: key))
        }
        try optimizer.loadState(optimizerState)
        let metadata = checkpoint.metadata
        guard let savedEpoch = metadata["epoch"].flatMap(Int.init), let savedStep = metadata["step"].flatMap(Int.init),
            let words = metadata["generator"]?.split(separator: ",").compactMap({ UInt64($0) }), words.count == 4,
            let historyText = metadata["history"]
        else {
            throw TrainingError.checkpointMismatch(
                file: file.path, key: "__metadata__", message: "lacks epoch, step, generator or history")
        }
        epoch = savedEpoch
        stepInEpoch = savedStep
        generator = try RandomGenerator(state: words)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        history = try decoder.decode(LossHistory.self, from: Data(historyText.utf8))
        skippedSteps = metadata["skipped_steps"].flatMap(Int.init) ?? 0
        // Mid-epoch (Ctrl-C): the epoch's averages and skip count continue from the steps already taken.
        meter = LossMeter()
        skippedBeforeEpoch = skippedSteps
        for record in history.steps where record.epoch == epoch {
            if record.terms["loss"]?.isFinite == true { meter.add(record.terms) } else { skippedBeforeEpoch -= 1 }
        }
        optimizer.setLearningRateFactor(schedule.factor(completedSteps: epoch - 1))
    }
}

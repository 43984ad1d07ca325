import Checkpoints
import Foundation

extension TrainingRun {
    /// Where the last completed step of the run lies: its epoch, its 1-based index in that
    /// epoch, and whether it closed the epoch. Between epochs the run already counts the next
    /// one (`epoch` 2, `stepInEpoch` 0 after the first), so this looks back to what was done.
    /// `(0, 0, true)` before the first step.
    public var lastCompletedStep: (epoch: Int, step: Int, closesEpoch: Bool) {
        if stepInEpoch > 0 { return (epoch, stepInEpoch, stepInEpoch >= stepsPerEpoch) }
        guard let closed = history.epochs.last else { return (0, 0, true) }
        return (closed.epoch, closed.step, true)
    }

    /// Writes the student weights (`student.` prefix) into the run folder, named after the last
    /// completed step: `{TYPE}_{epoch}.safetensors` at an epoch's end, otherwise
    /// `{TYPE}_{epoch}_step{step}.safetensors`; the metadata holds the same epoch and step and
    /// whether the epoch was complete. Nil without a run folder.
    @discardableResult
    public func saveCheckpoint() throws -> URL? {
        guard let folder else { return nil }
        let done = lastCompletedStep
        let name = "\(methodName)_\(done.epoch)" + (done.closesEpoch ? "" : "_step\(done.step)")
        let url = folder.url.appendingPathComponent(name + ".safetensors")
        let metadata = [
            "architecture": student.name, "epoch": "\(done.epoch)", "step": "\(done.step)",
            "epoch_complete": "\(done.closesEpoch)",
        ]
        // The method's modules under upstream's names (`projector.*`), as its distiller state dict holds them.
        var state = try NetworkWeights.stateDictionary(student)
        for entry in distiller.method.stateEntries { state.set(entry.value.detached(), named: entry.name) }
        try SafeTensorsFormat.write(state, metadata: metadata, to: url)
        return url
    }
}

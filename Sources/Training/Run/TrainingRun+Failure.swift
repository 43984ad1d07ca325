import Foundation

extension TrainingRun {
    /// Runs `body`, then finishes the background write of `last.safetensors` if one is under
    /// way; when either fails after the run has taken a step, writes the error to
    /// `train_log.txt` and `last.safetensors` at the last completed step (the failed step never
    /// counts: its batch is read again on resume), and throws `TrainingError.stopped`, which
    /// says how to resume. Without a run folder, or before the first step, the error passes
    /// through (logged when there is a folder).
    func keepingResumable<T>(_ body: () throws -> T) throws -> T {
        do {
            let result = try body()
            try finishResumeWrite()
            return result
        } catch let error as TrainingError {
            switch error {
            case .pastLastEpoch, .stopped:
                do { try finishResumeWrite() } catch { throw recordFailure(error) }
                throw error
            default: throw recordFailure(error)
            }
        } catch {
            throw recordFailure(error)
        }
    }

    private func recordFailure(_ error: any Error) -> any Error {
        guard let folder else { return error }
        folder.log("ERROR: \(error)")
        guard !history.steps.isEmpty else { return error }
        do {
            try saveResumeState()
        } catch let saveError {
            folder.log("ERROR: the resume state could not be written either: \(saveError)")
            return error
        }
        let done = lastCompletedStep
        folder.log(
            "last.safetensors holds epoch \(done.epoch), step \(done.step); "
                + "continue with: airs resume \(folder.url.path)")
        return TrainingError.stopped(
            underlying: "\(error)", folder: folder.url.path,
            epoch: done.epoch, step: done.step)
    }
}

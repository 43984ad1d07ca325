import Configuration
import Evaluation
import Foundation

/// The run folder `OUTPUT_DIR.ROOT_PATH/EXPERIMENT_NAME` (spec/training.md §7):
/// `config.yaml`, `train_log.txt`, `losses.jsonl`, checkpoints and `results.json`.
public final class RunFolder {
    /// The folder.
    public let url: URL
    let logFile: FileHandle
    let lossFile: FileHandle

    init(config: Config, settings: RunSettings, resuming: Bool = false) throws {
        url = URL(fileURLWithPath: settings.output.rootPath).appendingPathComponent(settings.output.experimentName)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            if !resuming { try config.write(to: url.appendingPathComponent("config.yaml").path) }
        } catch {
            throw TrainingError.outputFailed(path: url.path, underlying: "\(error)")
        }
        logFile = try Self.openFile(url.appendingPathComponent("train_log.txt"), appending: resuming)
        lossFile = try Self.openFile(url.appendingPathComponent("losses.jsonl"), appending: resuming)
    }

    /// Truncates (or, when resuming, appends to) `file`.
    static func openFile(_ file: URL, appending: Bool) throws -> FileHandle {
        let exists = appending && FileManager.default.fileExists(atPath: file.path)
        guard exists || FileManager.default.createFile(atPath: file.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: file)
        else {
            throw TrainingError.outputFailed(path: file.path, underlying: "the file cannot be created")
        }
        if appending { _ = try? handle.seekToEnd() }
        return handle
    }

    /// Appends a timestamped line to `train_log.txt`.
    public func log(_ message: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        logFile.write(Data("\(stamp) Asymmetric_Image_Retrieval.train INFO: \(message)\n".utf8))
    }

    /// Appends `text` to the file `name` of the folder, creating it if needed.
    public func append(_ text: String, to name: String) {
        let file = url.appendingPathComponent(name)
        guard let handle = try? Self.openFile(file, appending: true) else { return }
        handle.write(Data(text.utf8))
        try? handle.close()
    }

    /// Appends one JSON line to `losses.jsonl`.
    public func appendLoss(_ line: String) {
        lossFile.write(Data((line + "\n").utf8))
    }

    /// Writes `results.json` with mAP, R1, R5, R10 and mINP (fractions) and the number of
    /// steps skipped for a non-finite loss.
    public func writeResults(_ result: EvaluationResult, skippedSteps: Int = 0) throws {
        let object: [String: Double] = [
            "mAP": result.meanAveragePrecision, "R1": result.rank(1) ?? 0, "R5": result.rank(5) ?? 0,
            "R10": result.rank(10) ?? 0, "mINP": result.meanInverseNegativePenalty,
            "skipped_steps": Double(skippedSteps),
        ]
        let file = url.appendingPathComponent("results.json")
        do {
            try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted]).write(to: file)
        } catch {
            throw TrainingError.outputFailed(path: file.path, underlying: "\(error)")
        }
    }
}

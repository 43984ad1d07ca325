import Foundation
import Training

/// `airs resume RUN_FOLDER [KEY VALUE …]`: continues a run from its `last.safetensors`.
public struct ResumeCommand: Command {
    /// Creates the command.
    public init() {}
    /// The command name.
    public var name: String { "resume" }
    /// One line for the overview.
    public var summary: String { "continue an interrupted training run from its folder" }
    /// The full usage text.
    public var usage: String {
        """
        usage: airs resume RUN_FOLDER [KEY VALUE …]
          Reads RUN_FOLDER/config.yaml and RUN_FOLDER/last.safetensors (written at every epoch
          end and on Ctrl-C) and trains on to SOLVER.MAX_EPOCHS, appending to the logs.
        """
    }

    /// Runs the command.
    public func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments)
        guard let folder = parsed.positional.first else { throw UsageError("a RUN_FOLDER is required") }
        InterruptFlag.install()
        let run = try TrainingRun.resume(folder: URL(fileURLWithPath: folder), overrides: Array(parsed.positional.dropFirst()))
        print("resuming \(run.student.name) (\(run.methodName)) at epoch \(run.epoch), step \(run.stepInEpoch)")
        let finished = try run.run(untilEpoch: run.maxEpochs)
        if let epoch = run.history.epochs.last {
            print("last epoch \(epoch.epoch): loss \(String(format: "%.3f", epoch.terms["loss"] ?? .nan))")
        }
        guard finished else {
            CommandLineInterface.printError("airs resume: stopped: \(run.pauseReason ?? "paused")")
            return 1
        }
        return 0
    }
}

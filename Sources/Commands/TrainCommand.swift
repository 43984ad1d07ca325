import Configuration
import Foundation
import Training

/// `airs train --cfg FILE [KEY VALUE …]`: trains as configured and writes the run folder.
public struct TrainCommand: Command {
    /// Creates the command.
    public init() {}
    /// The command name.
    public var name: String { "train" }
    /// One line for the overview.
    public var summary: String { "train a student (Vanilla or distillation) from a config" }
    /// The full usage text.
    public var usage: String {
        """
        usage: airs train --cfg FILE [KEY VALUE …]
          Trains for SOLVER.MAX_EPOCHS epochs and writes OUTPUT_DIR.ROOT_PATH/EXPERIMENT_NAME:
          config.yaml, train_log.txt, losses.jsonl, {TYPE}_{epoch}.safetensors, results.json.
          KEY VALUE pairs override the file (e.g. SOLVER.MAX_EPOCHS 2). Ctrl-C stops at the next step.
        """
    }

    /// Runs the command.
    public func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments)
        let config = try Config.load(file: parsed.required("cfg"), overrides: parsed.positional)
        InterruptFlag.install()
        let run = try TrainingRun(config: config)
        print("training \(run.student.name) (\(run.methodName)) on \(run.dataset.name): \(run.dataset.train.count) images, "
              + "\(run.dataset.numClasses) classes, \(run.maxEpochs) epochs")
        print(try run.startReport())
        var bar = ProgressBar(total: run.stepsPerEpoch, label: "epoch \(run.epoch)")
        var barEpoch = run.epoch
        run.pauseCondition = { run, terms in
            if run.epoch != barEpoch {
                barEpoch = run.epoch
                bar = ProgressBar(total: run.stepsPerEpoch, label: "epoch \(run.epoch)")
            }
            bar.draw(done: run.stepInEpoch, terms: [("loss", terms["loss"] ?? .nan), ("acc", terms["acc"] ?? .nan)])
            if run.stepInEpoch == run.stepsPerEpoch { bar.finish() }
            return false
        }
        let finished = try run.run(untilEpoch: run.maxEpochs)
        if let epoch = run.history.epochs.last {
            print("last epoch \(epoch.epoch): " + epoch.terms.keys.sorted().map { "\($0) \(String(format: "%.3f", epoch.terms[$0] ?? 0))" }.joined(separator: ", "))
        }
        print(try run.endReport())
        if let folder = run.folder { print("run folder: \(folder.url.path)") }
        guard finished else {
            CommandLineInterface.printError("airs train: stopped: \(run.pauseReason ?? "paused")")
            return 1
        }
        return 0
    }
}

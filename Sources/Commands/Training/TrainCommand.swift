import ArgumentParser
import Configuration
import Foundation
import Training

/// `airs train --cfg FILE [KEY VALUE …]`: trains as configured and writes the run folder.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a student (Vanilla or distillation) from a config.",
        discussion: """
            Trains for SOLVER.MAX_EPOCHS epochs and writes OUTPUT_DIR.ROOT_PATH/EXPERIMENT_NAME: \
            config.yaml, train_log.txt, losses.jsonl, {TYPE}_{epoch}.safetensors, results.json. \
            Ctrl-C stops at the next step; 'airs resume' continues.
            """)

    @Option(help: ArgumentHelp("The YAML config (upstream keys).", valueName: "FILE"))
    var cfg: String

    @OptionGroup var overrides: ConfigOverrides

    @Flag(help: """
        Print what the config will build (networks, optimizer groups, the lr of every epoch, \
        loaders, distiller, output folder) and exit without training or writing anything.
        """)
    var plan = false

    func run() throws {
        try reportingFailures(of: "train") {
            let config = try Config.load(file: cfg, overrides: overrides.pairs)
            if plan {
                print(try TrainingPlan(config: config).render(), terminator: "")
                return 0
            }
            InterruptFlag.install()
            let run = try TrainingRun(config: config)
            print("training \(run.student.name) (\(run.methodName)) on \(run.dataset.name): "
                + "\(run.dataset.train.count) images, \(run.dataset.numClasses) classes, \(run.maxEpochs) epochs")
            print(try run.startReport())
            print(run.weightsReport)
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
                let terms = epoch.terms.keys.sorted().map { "\($0) \(String(format: "%.3f", epoch.terms[$0] ?? 0))" }
                print("last epoch \(epoch.epoch): " + terms.joined(separator: ", "))
            }
            print(try run.endReport())
            if let folder = run.folder { print("run folder: \(folder.url.path)") }
            guard finished else {
                FrontDoor.printError("airs train: stopped: \(run.pauseReason ?? "paused")")
                return 1
            }
            return 0
        }
    }
}

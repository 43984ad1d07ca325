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

    @Flag(
        help: """
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
            let reporter = TrainingReporter.standardOutput()
            try reporter.start(run)
            let finished = try run.run(untilEpoch: run.maxEpochs)
            try reporter.finish(run)
            guard finished else {
                let resume = run.folder.map { "; continue with: airs resume \($0.url.path)" } ?? ""
                FrontDoor.printError("airs train: stopped: \(run.pauseReason ?? "paused")\(resume)")
                return 1
            }
            return 0
        }
    }
}

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
            Ctrl-C stops at the next step; 'airs resume' continues. Under 'mpirun -np N' the \
            N ranks train the one model data-parallel; rank 0 writes the folder and reports.
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

    @OptionGroup var parallel: ParallelOptions

    @OptionGroup var profiling: ProfileOption

    func run() throws {
        try ParallelJob.run("train", options: parallel) { job in
            let config = try Config.load(file: cfg, overrides: overrides.pairs)
            if plan {
                if job.group.isLeader { print(try TrainingPlan(config: config).render(), terminator: "") }
                return 0
            }
            job.installInterrupt("train")
            let run = try TrainingRun(config: config, group: job.group)
            let reporter = job.reporter()
            try reporter.start(run)
            let finished = try run.run(untilEpoch: run.maxEpochs)
            try reporter.finish(run)
            try job.report(run, profile: profiling.profile)
            guard finished else {
                let resume = run.folder.map { "; continue with: airs resume \($0.url.path)" } ?? ""
                job.printError("airs train: stopped: \(run.pauseReason ?? "paused")\(resume)")
                return 1
            }
            return 0
        }
    }
}

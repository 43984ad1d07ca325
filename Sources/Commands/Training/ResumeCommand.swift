import ArgumentParser
import Foundation
import Training

/// `airs resume RUN_FOLDER [KEY VALUE …]`: continues a run from its `last.safetensors`.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue an interrupted training run from its folder.",
        discussion: """
            Reads RUN_FOLDER/config.yaml and RUN_FOLDER/last.safetensors (written at every epoch \
            end and on Ctrl-C) and trains on to SOLVER.MAX_EPOCHS, appending to the logs. Any \
            number of ranks under mpirun can continue a run, whatever number started it.
            """)

    @Argument(help: ArgumentHelp("The run's folder.", valueName: "RUN_FOLDER"))
    var folder: String

    @OptionGroup var overrides: ConfigOverrides

    @OptionGroup var parallel: ParallelOptions

    @OptionGroup var profiling: ProfileOption

    func run() throws {
        try ParallelJob.run("resume", options: parallel) { job in
            job.installInterrupt("resume")
            let run = try TrainingRun.resume(
                folder: URL(fileURLWithPath: folder), overrides: overrides.pairs, group: job.group)
            let reporter = job.reporter()
            try reporter.start(run, resuming: true)
            let finished = try run.run(untilEpoch: run.maxEpochs)
            try reporter.finish(run)
            try job.report(run, profile: profiling.profile)
            guard finished else {
                job.printError(
                    "airs resume: stopped: \(run.pauseReason ?? "paused"); "
                        + "continue with: airs resume \(folder)")
                return 1
            }
            return 0
        }
    }
}

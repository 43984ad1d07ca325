import ArgumentParser
import Configuration
import Foundation
import Training

/// `airs test --cfg FILE --weights CKPT [KEY VALUE …]`: evaluates a trained student.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Evaluate a student checkpoint (mAP, CMC, mINP).",
        discussion: """
            Loads the student from CKPT: safetensors or a PyTorch .pth, names prefixed 'student.' \
            (as airs train and upstream's trainer write them) or the network's own; \
            the student embeds the queries, the teacher (KD configs) or the student the gallery. \
            Prints mAP, mINP and CMC rank 1, 5 and 10. A classifier trained for another \
            class count is not loaded (retrieval does not use it), and the output says so.
            """)

    @Option(help: ArgumentHelp("The YAML config the student was trained with.", valueName: "FILE"))
    var cfg: String

    @Option(help: ArgumentHelp("The student checkpoint.", valueName: "CKPT"))
    var weights: String

    @OptionGroup var overrides: ConfigOverrides

    @OptionGroup var parallel: ParallelOptions

    func run() throws {
        try ParallelJob.run("test", options: parallel) { job in
            let config = try Config.load(file: cfg, overrides: overrides.pairs)
            let run = try TrainingRun(
                config: config, writeFolder: false,
                studentWeights: URL(fileURLWithPath: weights), group: job.group)
            let reporter = job.reporter()
            reporter.line(run.weightsReport)
            reporter.line(TrainingReporter.table(try run.evaluate()))
            return 0
        }
    }
}

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
            Loads the student from CKPT (names prefixed 'student.', as airs train writes them); \
            the student embeds the queries, the teacher (KD configs) or the student the gallery. \
            Prints mAP, mINP and CMC rank 1, 5 and 10. A classifier trained for another \
            class count is not loaded (retrieval does not use it), and the output says so.
            """)

    @Option(help: ArgumentHelp("The YAML config the student was trained with.", valueName: "FILE"))
    var cfg: String

    @Option(help: ArgumentHelp("The student checkpoint.", valueName: "CKPT"))
    var weights: String

    @OptionGroup var overrides: ConfigOverrides

    func run() throws {
        try reportingFailures(of: "test") {
            let config = try Config.load(file: cfg, overrides: overrides.pairs)
            let run = try TrainingRun(config: config, writeFolder: false)
            let reporter = TrainingReporter.standardOutput()
            let left = try NetworkWeights.load(
                run.student, from: URL(fileURLWithPath: weights), retrievalOnly: true)
            if !left.isEmpty {
                reporter.line("not loaded: \(left.joined(separator: ", ")) (the classifier, for "
                    + "\(run.dataset.numClasses) classes here): "
                    + "retrieval evaluation does not use it")
            }
            reporter.line(TrainingReporter.table(try run.evaluate()))
            return 0
        }
    }
}

import Configuration
import Foundation
import Training

/// `airs test --cfg FILE --weights CKPT [KEY VALUE …]`: evaluates a trained student.
public struct TestCommand: Command {
    /// Creates the command.
    public init() {}
    /// The command name.
    public var name: String { "test" }
    /// One line for the overview.
    public var summary: String { "evaluate a student checkpoint (mAP, CMC, mINP)" }
    /// The full usage text.
    public var usage: String {
        """
        usage: airs test --cfg FILE --weights CKPT [KEY VALUE …]
          Loads the student from CKPT (names prefixed 'student.', as airs train writes them);
          the student embeds the queries, the teacher (KD configs) or the student the gallery.
        """
    }

    /// Runs the command.
    public func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments)
        let weights = try parsed.required("weights")
        let config = try Config.load(file: parsed.required("cfg"), overrides: parsed.positional)
        let run = try TrainingRun(config: config, writeFolder: false)
        try NetworkWeights.load(run.student, from: URL(fileURLWithPath: weights))
        let result = try run.evaluate()
        print(result.report)
        return 0
    }
}

import ArgumentParser
import Datasets
import Foundation
import TensorEngine

/// `airs-bench loader --student-size 64 --teacher-size 256 --batch 256 --threads 2`: the
/// distillation loader's rate (both views decoded and augmented from JPEG sources) on a freshly
/// generated procedural dataset; `images_per_s=…` last.
struct LoaderBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loader", abstract: "The distillation loader's images per second on a generated dataset.")

    @Option(help: "The dataset: 'synthetic' (generated on the fly) is the one supported.")
    var dataset = "synthetic"

    @Option(help: ArgumentHelp("The student's input side.", valueName: "PX"))
    var studentSize = 64

    @Option(help: ArgumentHelp("The teacher's input side.", valueName: "PX"))
    var teacherSize = 256

    @Option(help: "Images per batch.")
    var batch = 256

    @Option(help: "Decoding threads (default: the machine's cores).")
    var threads = Parallelism.threads

    @Option(help: "Batches timed.")
    var batches = 8

    @Option(help: ArgumentHelp("Side of the generated JPEG sources.", valueName: "PX"))
    var sourceSize = 256

    func validate() throws {
        guard dataset == "synthetic" else {
            throw ValidationError("--dataset supports 'synthetic' (generated on the fly), got '\(dataset)'")
        }
        try requirePositive([
            "student-size": studentSize, "teacher-size": teacherSize, "batch": batch, "threads": threads,
            "batches": batches, "source-size": sourceSize,
        ])
    }

    func run() throws {
        let rate = try benchmarkDistillationLoader(
            studentSize: studentSize, teacherSize: teacherSize, batchSize: batch, threads: threads,
            batches: batches, sourceSize: sourceSize)
        print("images_per_s=\(String(format: "%.1f", rate))")
    }
}

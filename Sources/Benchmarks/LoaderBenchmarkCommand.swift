import Datasets
import Foundation
import TensorEngine

/// `airs-bench loader --dataset synthetic --student-size 64 --teacher-size 256 --batch 256
/// --threads 2`: the distillation loader's rate (both views decoded and augmented from JPEG
/// sources) on a freshly generated procedural dataset; `images_per_s=…` last.
struct LoaderBenchmarkCommand {
    let options: Options

    init(_ options: Options) { self.options = options }

    func run() throws {
        let dataset = options.string("dataset") ?? "synthetic"
        guard dataset == "synthetic" else {
            throw BenchmarkError.usage("--dataset supports 'synthetic' (generated on the fly), got '\(dataset)'")
        }
        let threads = try options.integer("threads", default: Parallelism.threads)
        let rate = try benchmarkDistillationLoader(
            studentSize: try options.integer("student-size", default: 64), teacherSize: try options.integer("teacher-size", default: 256),
            batchSize: try options.integer("batch", default: 256), threads: threads,
            batches: try options.integer("batches", default: 8), sourceSize: try options.integer("source-size", default: 256))
        print("images_per_s=\(String(format: "%.1f", rate))")
    }
}

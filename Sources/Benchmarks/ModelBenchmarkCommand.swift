import ArgumentParser
import Models
import TensorEngine

/// `airs-bench train-step|infer --model NAME --size PX --batch N --threads T [--last-stride 1|2]`:
/// whole-network throughput as `shared/perf/torch_model_bench.py` measures PyTorch;
/// `images_per_s=…` last.
struct ModelBenchmarkCommand<Mode: ModelBenchmarkMode>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Mode.name, abstract: Mode.abstract)
    }

    @Option(help: "A model registry name, e.g. resnet18, mobilenetv3_small, resnet101.")
    var model: String

    @Option(help: ArgumentHelp("Image side in pixels.", valueName: "PX"))
    var size = 64

    @Option(help: "Images per step.")
    var batch = 32

    @Option(help: "Threads (default: the machine's cores).")
    var threads = Parallelism.threads

    @Option(help: "Clean steps measured.")
    var iterations = ModelBenchmark.Settings(size: 1, batch: 1).iterations

    // 2 = torchvision's layout, what `torch_model_bench.py` times without --last-stride 1.
    @Option(help: "The networks' last stride: 1 as upstream trains them, 2 as torchvision builds them.")
    var lastStride = ModelBenchmark.Settings(size: 1, batch: 1).lastStride

    func validate() throws {
        try requirePositive(["size": size, "batch": batch, "threads": threads, "iterations": iterations])
        guard [1, 2].contains(lastStride) else { throw ValidationError("--last-stride is 1 or 2, got \(lastStride)") }
    }

    func run() throws {
        Parallelism.setThreads(threads)
        var settings = ModelBenchmark.Settings(size: size, batch: batch)
        settings.iterations = iterations
        settings.lastStride = lastStride
        print(try Mode.measure(model, settings))
    }
}

/// What `ModelBenchmarkCommand` times.
protocol ModelBenchmarkMode {
    static var name: String { get }
    static var abstract: String { get }
    static func measure(_ model: String, _ settings: ModelBenchmark.Settings) throws -> ModelBenchmark.Result
}

/// Forward, cross-entropy, backward and an SGD step.
enum TrainStepMode: ModelBenchmarkMode {
    static let name = "train-step"
    static let abstract = "Training throughput of a whole network (forward, CE, backward, SGD)."
    static func measure(_ model: String, _ settings: ModelBenchmark.Settings) throws -> ModelBenchmark.Result {
        try ModelBenchmark.trainStep(model: model, settings)
    }
}

/// Forward in evaluation mode.
enum InferMode: ModelBenchmarkMode {
    static let name = "infer"
    static let abstract = "Inference throughput of a whole network in evaluation mode."
    static func measure(_ model: String, _ settings: ModelBenchmark.Settings) throws -> ModelBenchmark.Result {
        try ModelBenchmark.infer(model: model, settings)
    }
}

import Models
import TensorEngine

/// `airs-bench train-step|infer --model NAME --size PX --batch N --threads T [--last-stride 1|2]`: whole-network
/// throughput as `shared/perf/torch_model_bench.py` measures PyTorch; `images_per_s=…` last.
struct ModelBenchmarkCommand {
    enum Mode: String { case trainStep = "train-step", infer }
    let mode: Mode
    let options: Options

    init(_ mode: Mode, _ options: Options) {
        self.mode = mode
        self.options = options
    }

    func run() throws {
        Parallelism.setThreads(try options.integer("threads", default: Parallelism.threads))
        guard let model = options.string("model") else { throw BenchmarkError.usage("--model NAME is required") }
        var settings = ModelBenchmark.Settings(size: try options.integer("size", default: 64), batch: try options.integer("batch", default: 32))
        settings.iterations = try options.integer("iterations", default: settings.iterations)
        // 2 = torchvision's layout, the work `torch_model_bench.py` times (upstream trains with 1).
        settings.lastStride = try options.integer("last-stride", default: settings.lastStride)
        let result = mode == .trainStep
            ? try ModelBenchmark.trainStep(model: model, settings)
            : try ModelBenchmark.infer(model: model, settings)
        print(result)
    }
}

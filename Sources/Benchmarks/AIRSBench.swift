import ArgumentParser

/// `airs-bench`: the benchmarks, each printing one figure per line and its main figure last as
/// `name=value`, to be read beside PyTorch's (`../shared/perf/`).
struct AIRSBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "airs-bench",
        abstract: "Benchmarks: one figure per line, the main one last as name=value.",
        subcommands: [
            GEMMBenchmark.self, GEMMChildCommand.self,
            ModelBenchmarkCommand<TrainStepMode>.self, ModelBenchmarkCommand<InferMode>.self,
            LayerBenchmarkCommand<ConvLayer>.self, LayerBenchmarkCommand<BatchNormLayer>.self,
            LayerBenchmarkCommand<MaxPoolLayer>.self, LayerBenchmarkCommand<DepthwiseLayer>.self,
            LoaderBenchmarkCommand.self, EvaluationBenchmarkCommand.self,
        ])
}

/// Refuses a count that is not positive, naming its option.
func requirePositive(_ values: KeyValuePairs<String, Int>) throws {
    for (name, value) in values where value <= 0 {
        throw ValidationError("--\(name) needs a positive integer, got \(value)")
    }
}

/// A benchmark child process that failed.
struct ChildProcessError: Error, CustomStringConvertible {
    let description: String
}

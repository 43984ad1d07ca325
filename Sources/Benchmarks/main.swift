import Foundation

// `airs-bench SUBCOMMAND [--name value ...]`: one figure per line, the main one last as name=value.
let usage = """
    usage: airs-bench gemm [--size 1024] [--threads 1] [--repeats 10]
           airs-bench train-step|infer --model NAME [--size 64] [--batch 32] [--threads 2] [--last-stride 1]
           airs-bench loader [--dataset synthetic] [--student-size 64] [--teacher-size 256] [--batch 256] [--threads 2]
           airs-bench eval [--queries 10000] [--gallery 10000] [--dim 512] [--threads 2] [--chunk 512]
           airs-bench conv|batchnorm|maxpool|depthwise [--batch 32] [--channels 64] [--size 56] [--threads 2] [--iterations 7]
    """

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    guard let command = arguments.first else { throw BenchmarkError.usage("no subcommand given") }
    let options = try Options(Array(arguments.dropFirst()))
    switch command {
    case "gemm": try GEMMBenchmark(options).run()
    case "gemm-child": try GEMMBenchmark(options).runChild()
    case "eval": try EvaluationBenchmarkCommand(options).run()
    case "train-step": try ModelBenchmarkCommand(.trainStep, options).run()
    case "infer": try ModelBenchmarkCommand(.infer, options).run()
    case "loader": try LoaderBenchmarkCommand(options).run()
    case "conv", "batchnorm", "maxpool", "depthwise": try LayerBenchmark(LayerBenchmark.Kind(rawValue: command)!, options).run()
    default: throw BenchmarkError.usage("unknown subcommand \(command)")
    }
} catch {
    FileHandle.standardError.write(Data("airs-bench: \(error)\n\(usage)\n".utf8))
    exit(2)
}

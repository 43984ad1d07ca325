import ArgumentParser
import TensorEngine

/// Forward + backward of one layer on `[batch, channels, size, size]`, the shapes of
/// `../shared/perf/README.md`'s single-op table:
/// - `conv`: 3x3, stride 1, padding 1, `channels → out-channels` (default `channels`), gradients
///   for input and weight, or for one of them (`--gradients`), to time the passes apart;
/// - `batchnorm`: BN2d in training mode, gradients for input, weight and bias;
/// - `maxpool`: 3x3, stride 2, padding 1;
/// - `depthwise`: 3x3, stride 1, padding 1, one filter per channel (MobileNetV3).
struct LayerBenchmark {
    enum Kind: String { case conv, batchnorm, maxpool, depthwise }

    /// Which operands of `conv` get a gradient in the backward pass.
    enum Gradients: String, ExpressibleByArgument, CaseIterable { case both, input, weight }

    let kind: Kind
    let batch: Int, channels: Int, outChannels: Int, size: Int, threads: Int, iterations: Int
    let gradients: Gradients

    /// The input's shape and the timing settings of every layer benchmark.
    struct Options: ParsableArguments {
        @Option(help: "Images per batch.")
        var batch = 32

        @Option(help: "Channels in and out.")
        var channels = 64

        @Option(help: "conv only: output channels (default: --channels).")
        var outChannels: Int?

        @Option(help: "conv only: the operands whose gradients the backward pass computes (both, input, weight).")
        var gradients = Gradients.both

        @Option(help: ArgumentHelp("Side of the feature map.", valueName: "PX"))
        var size = 56

        @Option(help: "Threads.")
        var threads = 2

        @Option(help: "Timed forward + backward passes after one warm-up.")
        var iterations = 7

        func validate() throws {
            try requirePositive([
                "batch": batch, "channels": channels, "out-channels": outChannels ?? channels, "size": size,
                "threads": threads, "iterations": iterations,
            ])
        }
    }

    init(_ kind: Kind, _ options: Options) {
        self.kind = kind
        (batch, channels, size) = (options.batch, options.channels, options.size)
        outChannels = kind == .conv ? options.outChannels ?? channels : channels
        gradients = kind == .conv ? options.gradients : .both
        (threads, iterations) = (options.threads, options.iterations)
    }

    /// PyTorch 2.x on this machine for the default shape (`../shared/perf/README.md`).
    var pytorchReference: String {
        switch kind {
        case .conv: return "209-229 ms with 1 thread, 147-152 ms with 2"
        case .batchnorm: return "23-25 ms with 1 thread, 15 ms with 2"
        case .maxpool: return "73-75 ms with 1 thread, 45-48 ms with 2"
        case .depthwise: return "not measured"
        }
    }

    func run() throws {
        Parallelism.setThreads(threads)
        let input = noise([batch, channels, size, size], seed: 1)
        let x = gradients == .weight ? input : input.requiringGradient()
        let weightShape =
            kind == .conv ? [outChannels, channels, 3, 3] : kind == .depthwise ? [channels, 1, 3, 3] : [channels]
        let weights = noise(weightShape, seed: 2, scale: 0.05)
        let w = gradients == .input ? weights : weights.requiringGradient()
        let b = noise([channels], seed: 3).requiringGradient()
        var runningMean = Tensor.zeros([channels])
        var runningVariance = Tensor.ones([channels])
        let forwardPass: () throws -> Tensor = {
            switch kind {
            case .conv: return try x.conv2d(weight: w, padding: 1)
            case .batchnorm:
                return try x.batchNorm(
                    weight: w, bias: b, runningMean: &runningMean, runningVariance: &runningVariance, training: true)
            case .maxpool: return try x.maxPool2d(kernelSize: 3, stride: 2, padding: 1)
            case .depthwise: return try x.conv2d(weight: w, padding: 1, groups: channels)
            }
        }
        let seed = try noise(Tensor.withoutGradient { try forwardPass() }.shape, seed: 4)
        var forward: [Double] = []
        var backward: [Double] = []
        let (total, cpu) = try measureWithCPU(iterations: iterations + 1) {
            var y = Tensor.zeros([])
            forward += try measure(iterations: 1) { y = try forwardPass() }
            backward += try measure(iterations: 1) { try y.backward(seed: seed) }
            for tensor in [x, w, b] { tensor.zeroGradient() }
        }
        let ms = median(Array(total.dropFirst()))
        print(
            "op=\(kind.rawValue) core=\(BLAS.coreName) threads=\(threads) shape=[\(batch),\(channels),\(size),\(size)]"
                + (kind == .conv ? " out_channels=\(outChannels) gradients=\(gradients.rawValue)" : ""))
        print("forward_ms=\(formatted(median(Array(forward.dropFirst()))))")
        print("backward_ms=\(formatted(median(Array(backward.dropFirst()))))")
        if kind == .conv {
            let passes = gradients == .both ? 3.0 : 2.0
            let flops = passes * 2 * Double(batch * channels * outChannels * 9 * size * size)
            print("gflops=\(formatted(flops / (ms / 1e3) / 1e9))")
        }
        print(
            "cpu_ms_per_thread=\(formatted(median(Array(cpu.dropFirst())) / Double(threads))) (process CPU time / threads: about the wall time when the cores are not shared)"
        )
        print("pytorch: \(pytorchReference) (../shared/perf/README.md, [32,64,56,56])")
        print("ms=\(formatted(ms))")
    }

    /// Uniform values in `[-scale, scale)` from a 64-bit LCG: the benchmark needs data, not
    /// statistics, and drawing 13M normal samples would take longer than the timed work.
    private func noise(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
        Tensor.makeFloats(shape) { buffer in
            var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for i in buffer.indices {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                buffer[i] = (Float(state >> 40) / Float(1 << 24) * 2 - 1) * scale
            }
        }
    }
}

/// `airs-bench conv|batchnorm|maxpool|depthwise [--batch 32] [--channels 64] [--size 56] …`.
struct LayerBenchmarkCommand<Layer: LayerBenchmarkKind>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Layer.kind.rawValue, abstract: Layer.abstract)
    }

    @OptionGroup var options: LayerBenchmark.Options

    func run() throws {
        try LayerBenchmark(Layer.kind, options).run()
    }
}

/// Which layer `LayerBenchmarkCommand` times.
protocol LayerBenchmarkKind {
    static var kind: LayerBenchmark.Kind { get }
    static var abstract: String { get }
}

/// 3x3 convolution, stride 1, padding 1.
enum ConvLayer: LayerBenchmarkKind {
    static let kind = LayerBenchmark.Kind.conv
    static let abstract = "3x3 convolution forward + backward (input and weight gradients)."
}

/// Batch norm in training mode.
enum BatchNormLayer: LayerBenchmarkKind {
    static let kind = LayerBenchmark.Kind.batchnorm
    static let abstract = "2-D batch norm in training mode, forward + backward."
}

/// 3x3 max-pool, stride 2.
enum MaxPoolLayer: LayerBenchmarkKind {
    static let kind = LayerBenchmark.Kind.maxpool
    static let abstract = "3x3 max-pool, stride 2, forward + backward."
}

/// Depthwise 3x3 convolution (MobileNetV3).
enum DepthwiseLayer: LayerBenchmarkKind {
    static let kind = LayerBenchmark.Kind.depthwise
    static let abstract = "Depthwise 3x3 convolution (one filter per channel), forward + backward."
}

import TensorEngine

/// A 3x3, stride-1, padding-1 convolution `channels → channels` on `[batch, channels, size, size]`:
/// forward, then backward for both the input and the weight gradient.
struct ConvolutionBenchmark {
    let batch: Int, channels: Int, size: Int, threads: Int, iterations: Int

    init(_ options: Options) throws {
        batch = try options.integer("batch", default: 32)
        channels = try options.integer("channels", default: 64)
        size = try options.integer("size", default: 56)
        threads = try options.integer("threads", default: 2)
        iterations = try options.integer("iterations", default: 7)
    }

    func run() throws {
        Parallelism.setThreads(threads)
        var generator = RandomGenerator(seed: 1)
        let x = Tensor.randomNormal([batch, channels, size, size], using: &generator).requiringGradient()
        let w = Tensor.randomNormal([channels, channels, 3, 3], std: 0.05, using: &generator).requiringGradient()
        let seed = Tensor.randomNormal([batch, channels, size, size], using: &generator)
        var forward: [Double] = [], backward: [Double] = []
        let total = try measure(iterations: iterations + 1) {
            var y = Tensor.zeros([])
            forward += try measure(iterations: 1) { y = try x.conv2d(weight: w, padding: 1) }
            backward += try measure(iterations: 1) { try y.backward(seed: seed) }
            x.zeroGradient()
            w.zeroGradient()
        }.dropFirst()
        let flops = 3 * 2.0 * Double(batch * channels * channels * 9 * size * size)
        let ms = median(Array(total))
        print("core=\(BLAS.coreName) threads=\(threads) shape=[\(batch),\(channels),\(size),\(size)] kernel=3x3")
        print("forward_ms=\(formatted(median(Array(forward.dropFirst()))))")
        print("backward_ms=\(formatted(median(Array(backward.dropFirst()))))")
        print("gflops=\(formatted(flops / (ms / 1e3) / 1e9))")
        print("pytorch_ms=147-152 (2 threads; ../shared/perf/README.md, same shape)")
        print("ms=\(formatted(ms))")
    }
}

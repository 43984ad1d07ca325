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
        let x = noise([batch, channels, size, size], seed: 1).requiringGradient()
        let w = noise([channels, channels, 3, 3], seed: 2, scale: 0.05).requiringGradient()
        let seed = noise([batch, channels, size, size], seed: 3)
        var forward: [Double] = [], backward: [Double] = []
        let (total, cpu) = try measureWithCPU(iterations: iterations + 1) {
            var y = Tensor.zeros([])
            forward += try measure(iterations: 1) { y = try x.conv2d(weight: w, padding: 1) }
            backward += try measure(iterations: 1) { try y.backward(seed: seed) }
            x.zeroGradient()
            w.zeroGradient()
        }
        let flops = 3 * 2.0 * Double(batch * channels * channels * 9 * size * size)
        let ms = median(Array(total.dropFirst()))
        let cpuPerThread = median(Array(cpu.dropFirst())) / Double(threads)
        print("core=\(BLAS.coreName) threads=\(threads) shape=[\(batch),\(channels),\(size),\(size)] kernel=3x3")
        print("forward_ms=\(formatted(median(Array(forward.dropFirst()))))")
        print("backward_ms=\(formatted(median(Array(backward.dropFirst()))))")
        print("gflops=\(formatted(flops / (ms / 1e3) / 1e9))")
        print("cpu_ms_per_thread=\(formatted(cpuPerThread)) (the wall time on otherwise idle cores)")
        print("pytorch_ms=147-152 (2 threads; ../shared/perf/README.md, same shape)")
        print("ms=\(formatted(ms))")
    }

    /// Uniform values in `[-scale, scale)` from a 64-bit LCG: the benchmark needs data, not
    /// statistics, and drawing 13M normal samples would take longer than the timed work.
    private func noise(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
        Tensor.makeFloats(shape) { buffer in
            var state = seed &* 6364136223846793005 &+ 1442695040888963407
            for i in buffer.indices {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                buffer[i] = (Float(state >> 40) / Float(1 << 24) * 2 - 1) * scale
            }
        }
    }
}

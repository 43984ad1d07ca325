import Foundation
import TensorEngine

/// Single-precision GEMM throughput of the OpenBLAS kernel AIRS picked, beside every kernel
/// this CPU can run, each measured in a child process started with `OPENBLAS_CORETYPE` set
/// (OpenBLAS reads it only while loading, so one process can hold only one kernel).
struct GEMMBenchmark {
    let size: Int, threads: Int, repeats: Int, rounds: Int
    /// Rectangular shapes (`--m --n --k`) default to the square `--size`.
    let m: Int, n: Int, k: Int

    init(_ options: Options) throws {
        size = try options.integer("size", default: 1024)
        threads = try options.integer("threads", default: 1)
        repeats = try options.integer("repeats", default: 10)
        rounds = try options.integer("rounds", default: 3)
        m = try options.integer("m", default: size)
        n = try options.integer("n", default: size)
        k = try options.integer("k", default: size)
    }

    /// Best GFLOP/s over the repeats (after one warm-up), with the kernel OpenBLAS reports.
    func measureInProcess() -> (core: String, gflops: Double) {
        Parallelism.setThreads(threads)
        var generator = RandomGenerator(seed: 1)
        let (m, n, k) = (self.m, self.n, self.k)
        let a = Tensor.randomUniform([m, k], using: &generator)
        let b = Tensor.randomUniform([k, n], using: &generator)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
        defer { c.deallocate() }
        let times = (try? a.withUnsafeFloats { pa in
            try b.withUnsafeFloats { pb in
                measure(iterations: repeats + 1) {
                    BLAS.gemm(m: m, n: n, k: k, a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: n, c: c, ldc: n)
                }
            }
        }) ?? []
        let best = times.dropFirst().min() ?? .nan
        return (BLAS.coreName, 2 * Double(m) * Double(n) * Double(k) / (best / 1e3) / 1e9)
    }

    /// The core types OpenBLAS 0.3.21 offers that this CPU can execute, slowest first.
    var candidateCores: [String] {
        let flags = CPUFeatures.current.flags
        var cores = ["Prescott"]
        if flags.contains("avx2") && flags.contains("fma") { cores.append("Haswell") }
        if ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"].allSatisfy(flags.contains) {
            cores.append("SkylakeX")
            if flags.contains("avx512_bf16") { cores.append("Cooperlake") }
        }
        return cores
    }

    func runChild() throws {
        let (core, gflops) = measureInProcess()
        print("core=\(core)")
        print("gflops=\(formatted(gflops))")
    }

    /// Every kernel is measured once per round, the rounds interleaved, and each keeps its
    /// best round: on a machine shared with other work a single run says more about the
    /// neighbours than about the kernel.
    func run() throws {
        var best: [String: Double] = [:]
        var inProcess = (core: BLAS.coreName, gflops: 0.0)
        for _ in 0..<rounds {
            for candidate in candidateCores { best[candidate] = max(best[candidate] ?? 0, try childFigure(core: candidate)) }
            let figure = measureInProcess()
            inProcess = (figure.core, max(inProcess.gflops, figure.gflops))
        }
        for candidate in candidateCores { print("openblas_\(candidate)_gflops=\(formatted(best[candidate] ?? 0))") }
        let bestChild = best.values.max() ?? .nan
        print("airs_core=\(inProcess.core) shape=\(m)x\(k)x\(n) threads=\(threads) rounds=\(rounds)")
        print("ratio_to_best=\(formatted(inProcess.gflops / bestChild, digits: 2))")
        print("gflops=\(formatted(inProcess.gflops))")
    }

    private func childFigure(core: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["gemm-child", "--m", "\(m)", "--n", "\(n)", "--k", "\(k)", "--threads", "\(threads)", "--repeats", "\(repeats)"]
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_CORETYPE"] = core
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = output.split(separator: "\n").last(where: { $0.hasPrefix("gflops=") }),
              let value = Double(line.dropFirst("gflops=".count)) else {
            throw BenchmarkError.child("gemm-child with OPENBLAS_CORETYPE=\(core) exited \(process.terminationStatus): \(output)")
        }
        return value
    }
}

import ArgumentParser
import Foundation
import TensorEngine

/// Single-precision GEMM throughput of the OpenBLAS kernel AIRS picked, beside every kernel
/// this CPU can run, each measured in a child process started with `OPENBLAS_CORETYPE` set
/// (OpenBLAS reads it only while loading, so one process can hold only one kernel).
struct GEMMBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm", abstract: "SGEMM GFLOP/s of AIRS's OpenBLAS kernel beside every kernel this CPU runs.")

    @OptionGroup var shape: GEMMShape

    @Option(help: "Rounds; every kernel keeps its best.")
    var rounds = 3

    var m: Int { shape.rows }
    var n: Int { shape.columns }
    var k: Int { shape.inner }
    var threads: Int { shape.threads }
    var repeats: Int { shape.repeats }

    func validate() throws { try requirePositive(["rounds": rounds]) }

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

    /// Every kernel is measured once per round, the rounds interleaved, and each keeps its
    /// best round: on a machine shared with other work a single run says more about the
    /// neighbours than about the kernel.
    func run() throws {
        Parallelism.setThreads(threads)
        var best: [String: Double] = [:]
        var inProcess = (core: BLAS.coreName, gflops: 0.0)
        for _ in 0..<rounds {
            for candidate in candidateCores {
                best[candidate] = max(best[candidate] ?? 0, try childFigure(core: candidate))
            }
            let figure = shape.measureInProcess()
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
        process.arguments = [
            "gemm-child", "--m", "\(m)", "--n", "\(n)", "--k", "\(k)", "--threads", "\(threads)", "--repeats",
            "\(repeats)",
        ]
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
            let value = Double(line.dropFirst("gflops=".count))
        else {
            throw ChildProcessError(
                description: "gemm-child with OPENBLAS_CORETYPE=\(core) exited \(process.terminationStatus): \(output)")
        }
        return value
    }
}

/// The matrix product measured: square `--size`, or `--m --n --k`.
struct GEMMShape: ParsableArguments {
    @Option(help: "Side of the square matrices.")
    var size = 1024

    @Option(help: "Rows of A and C (default --size).")
    var m: Int?

    @Option(help: "Columns of B and C (default --size).")
    var n: Int?

    @Option(help: "Columns of A, rows of B (default --size).")
    var k: Int?

    @Option(help: "OpenBLAS threads.")
    var threads = 1

    @Option(help: "Timed products after one warm-up.")
    var repeats = 10

    var rows: Int { m ?? size }
    var columns: Int { n ?? size }
    var inner: Int { k ?? size }

    /// Best GFLOP/s over the repeats (after one warm-up), with the kernel OpenBLAS reports.
    func measureInProcess() -> (core: String, gflops: Double) {
        var generator = RandomGenerator(seed: 1)
        let (m, n, k) = (rows, columns, inner)
        let a = Tensor.randomUniform([m, k], using: &generator)
        let b = Tensor.randomUniform([k, n], using: &generator)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
        defer { c.deallocate() }
        let times =
            (try? a.withUnsafeFloats { pa in
                try b.withUnsafeFloats { pb in
                    measure(iterations: repeats + 1) {
                        BLAS.gemm(
                            m: m, n: n, k: k, a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: n, c: c, ldc: n)
                    }
                }
            }) ?? []
        let best = times.dropFirst().min() ?? .nan
        return (BLAS.coreName, 2 * Double(m) * Double(n) * Double(k) / (best / 1e3) / 1e9)
    }

    func validate() throws {
        try requirePositive([
            "size": size, "m": m ?? 1, "n": n ?? 1, "k": k ?? 1, "threads": threads, "repeats": repeats,
        ])
    }
}

/// `airs-bench gemm-child`: one kernel's figure, in the process `gemm` starts with
/// `OPENBLAS_CORETYPE` set.
struct GEMMChildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gemm-child", shouldDisplay: false)

    @OptionGroup var shape: GEMMShape

    func run() throws {
        Parallelism.setThreads(shape.threads)
        let (core, gflops) = shape.measureInProcess()
        print("core=\(core)")
        print("gflops=\(formatted(gflops))")
    }
}

import ArgumentParser

/// `--threads N`: the kernel threads of this process, shared by `train`, `resume` and `test`.
struct ParallelOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            """
            Kernel threads of this process (under mpirun: of each rank). Default: all cores; \
            under mpirun the cores of each machine shared evenly by its ranks.
            """, valueName: "N"))
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, not \(threads)") }
    }
}

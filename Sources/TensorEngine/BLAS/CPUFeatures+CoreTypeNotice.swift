extension CPUFeatures {
    /// The core types `bestOpenBLASCoreType` picks from, narrowest first.
    private static let rankedCoreTypes = ["Haswell", "SkylakeX", "Cooperlake"]

    /// One line for the user when `environment` (the process's: `OPENBLAS_CORETYPE`) holds
    /// OpenBLAS to a narrower kernel than this CPU runs, nil otherwise. AIRS keeps a user's
    /// choice, but it costs: on the AVX512_BF16 machine of the benchmarks a 1024² GEMM ran at
    /// 112 GFLOP/s with `Haswell` against 187 with `Cooperlake` (1 thread).
    public func openBLASCoreTypeNotice(environment: [String: String]) -> String? {
        guard let chosen = environment["OPENBLAS_CORETYPE"], let best = bestOpenBLASCoreType,
            let bestRank = Self.rankedCoreTypes.firstIndex(of: best)
        else { return nil }
        let chosenRank = Self.rankedCoreTypes.firstIndex { $0.lowercased() == chosen.lowercased() } ?? -1
        guard chosenRank < bestRank else { return nil }
        return "notice: OPENBLAS_CORETYPE=\(chosen) (set in the environment) holds OpenBLAS to narrower kernels than "
            + "this CPU runs (\(best)); unset it to let AIRS choose faster GEMMs"
    }
}

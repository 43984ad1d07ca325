import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The instruction-set extensions of this CPU that the kernels care about, read from
/// `/proc/cpuinfo` (whose flags already reflect what the operating system has enabled).
public struct CPUFeatures: Sendable, Equatable {
    /// Lower-case flag names as the kernel prints them (`avx2`, `avx512f`, `avx512_bf16`, …).
    public let flags: Set<String>

    /// A feature set from flag names as `/proc/cpuinfo` spells them (tests build their own).
    public init(flags: Set<String>) { self.flags = flags }

    /// The features of the machine this process runs on; empty when `/proc/cpuinfo` is unreadable.
    public static let current: CPUFeatures = {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
            return CPUFeatures(flags: [])
        }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let names = line[line.index(after: colon)...].split(separator: " ").map(String.init)
            return CPUFeatures(flags: Set(names))
        }
        return CPUFeatures(flags: [])
    }()

    /// The fastest OpenBLAS 0.3.21 core type whose instructions this CPU has, or `nil` to let
    /// OpenBLAS decide. Never names a kernel that would raise an illegal instruction here.
    public var bestOpenBLASCoreType: String? {
        let avx512 = ["avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"].allSatisfy(flags.contains)
        if avx512 && flags.contains("avx512_bf16") { return "Cooperlake" }
        if avx512 { return "SkylakeX" }
        if flags.contains("avx2") && flags.contains("fma") { return "Haswell" }
        return nil
    }
}

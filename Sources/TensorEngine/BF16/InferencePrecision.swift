import Foundation

/// The number format in which a frozen network's convolutions and linear layers compute
/// (`EXPERIMENT.TEACHER_PRECISION`, `airs-bench infer --precision`).
public enum InferencePrecision: String, Sendable, CaseIterable {
    /// fp32 weights, activations and sums: the reference arithmetic.
    case fp32
    /// bf16 weights and activations (8-bit mantissa) multiplied into fp32 sums, on the CPU's
    /// AVX512-BF16 instructions; batch norm folded into the weights first.
    case bf16

    @TaskLocal static var chosen: InferencePrecision = .fp32

    /// The precision inference operations run in now (set by `Tensor.withInferencePrecision`).
    public static var current: InferencePrecision { chosen }

    /// Whether this CPU runs the bf16 kernels (`vdpbf16ps` on 512-bit registers).
    public static var isBF16Available: Bool { supportsBF16(CPUFeatures.current) }

    /// `self`, or fp32 when `features` lack the bf16 instructions (saying so on standard error,
    /// once per process, when they are this CPU's).
    public func available(on features: CPUFeatures = .current) -> InferencePrecision {
        guard self == .bf16, !Self.supportsBF16(features) else { return self }
        if features == .current { _ = Self.fallbackNotice }
        return .fp32
    }

    private static func supportsBF16(_ features: CPUFeatures) -> Bool {
        ["avx512f", "avx512bw", "avx512vl", "avx512_bf16"].allSatisfy(features.flags.contains)
    }

    private static let fallbackNotice: Void = {
        FileHandle.standardError.write(
            Data(
                "note: this CPU has no AVX512-BF16 instructions; bf16 inference runs in fp32 instead\n".utf8))
    }()
}

extension Tensor {
    /// Runs `body` with the convolutions and linear layers of networks that record no
    /// gradient (a frozen teacher, inference) in `precision`; on a CPU without bf16
    /// instructions bf16 falls back to fp32 with a one-line notice on standard error.
    public static func withInferencePrecision<R>(_ precision: InferencePrecision, _ body: () throws -> R) rethrows -> R
    {
        try InferencePrecision.$chosen.withValue(precision.available(), operation: body)
    }
}

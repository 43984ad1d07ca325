/// Which kernels run the fp32 convolutions of `conv2d` that oneDNN runs faster (ungrouped,
/// and not 1x1 with stride 1: `ConvolutionGeometry.runsOnDNNL`), in training and plain
/// inference; the fused and bf16 inference paths choose their own.
public enum ConvolutionBackend: String, Sendable, CaseIterable {
    /// oneDNN's primitives in the channel-blocked layouts it picks (the default: measured
    /// faster than AIRS's kernels for every ResNet18 convolution, see `DNNLTrainingConvolution`).
    case dnnl
    /// AIRS's own im2col, shifted and single-pixel GEMM kernels on OpenBLAS.
    case native

    @TaskLocal static var chosen: ConvolutionBackend = .dnnl

    /// The backend `conv2d` uses now (set by `Tensor.withConvolutionBackend`).
    public static var current: ConvolutionBackend { chosen }
}

extension Tensor {
    /// Runs `body` with `conv2d`'s ungrouped fp32 convolutions on `backend` (to compare the
    /// two, or to rule oneDNN out).
    public static func withConvolutionBackend<R>(_ backend: ConvolutionBackend, _ body: () throws -> R) rethrows -> R {
        try ConvolutionBackend.$chosen.withValue(backend, operation: body)
    }
}

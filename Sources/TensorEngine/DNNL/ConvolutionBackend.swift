import Foundation

/// Which kernels run the fp32 convolutions of `conv2d` that oneDNN runs faster (ungrouped,
/// and not 1x1 with stride 1: `ConvolutionGeometry.runsOnDNNL`), in training and plain
/// inference; the fused and bf16 inference paths choose their own.
public enum ConvolutionBackend: String, Sendable, CaseIterable {
    /// oneDNN's primitives in the channel-blocked layouts it picks, or its GEMM where every
    /// output pixel reads the whole map (`DNNLWholeMapConvolution`) and for 3x3 convolutions on
    /// 4x4 maps (`DNNLWinogradF2Convolution`); the default: measured
    /// faster than AIRS's kernels for every ResNet18 convolution, see `DNNLTrainingConvolution`.
    case dnnl
    /// AIRS's own im2col, shifted and single-pixel GEMM kernels on OpenBLAS.
    case native

    @TaskLocal static var chosen: ConvolutionBackend = .processDefault

    /// `AIRS_CONVOLUTION_BACKEND=native` rules oneDNN out of a whole process (a run compared
    /// with another whose batches are split differently: oneDNN's weight gradients round
    /// differently with the batch's size); anything else keeps oneDNN.
    static let processDefault: ConvolutionBackend = {
        guard let name = ProcessInfo.processInfo.environment["AIRS_CONVOLUTION_BACKEND"] else { return .dnnl }
        guard let backend = ConvolutionBackend(rawValue: name) else {
            FileHandle.standardError.write(
                Data("notice: AIRS_CONVOLUTION_BACKEND '\(name)' is neither dnnl nor native; using dnnl\n".utf8))
            return .dnnl
        }
        return backend
    }()

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

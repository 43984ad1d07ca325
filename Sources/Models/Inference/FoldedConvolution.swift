import Foundation
import NeuralNetwork
import TensorEngine

/// A convolution with its evaluation-mode batch norm folded in: `w'[o] = w[o]·scale[o]`,
/// `b'[o] = b[o]·scale[o] + shift[o]`, with the scale and shift `Conv2d.fused` uses, so the
/// result equals conv → BN up to fp32 rounding. Its weights are reordered (and converted to
/// bf16) once per layout a primitive asks for, and kept.
final class FoldedConvolution: @unchecked Sendable {
    let weight: Tensor
    let bias: Tensor
    let stride: Int, padding: Int, dilation: Int
    private let lock = NSLock()
    private var reordered: [DNNLMemoryDescriptor: DNNLMemory] = [:]
    private var biasCopy: DNNLMemory?

    /// `conv` followed by `norm` on the output channels from `channels.lowerBound` on (IBN-a
    /// normalises the first half itself, so those channels keep `conv`'s own weights).
    init(_ conv: Conv2d, norm: BatchNorm?, normalising channels: Range<Int>? = nil) throws {
        guard conv.groups == 1 else {
            throw TensorError.invalidArgument(op: "FoldedConvolution", message: "grouped convolutions are not lowered")
        }
        let out = conv.outChannels
        var scale = [Float](repeating: 1, count: out)
        var shift = [Float](repeating: 0, count: out)
        if let norm {
            let normalised = channels ?? 0..<out
            let epilogue = try ConvolutionEpilogue.batchNorm(
                weight: norm.weight.value, bias: norm.bias.value, runningMean: norm.runningMean.value,
                runningVariance: norm.runningVariance.value, epsilon: norm.epsilon, dtype: .float32)
            let (a, c) = (epilogue.scale?.scalars ?? [], epilogue.shift?.scalars ?? [])
            for (index, channel) in normalised.enumerated() where index < a.count {
                scale[channel] = a[index]
                shift[channel] = c[index]
            }
        }
        let w = conv.weight.value.cast(to: .float32)
        weight = try w * Tensor(shape: [out, 1, 1, 1], scalars: scale)
        let b = conv.bias?.value.cast(to: .float32).scalars ?? [Float](repeating: 0, count: out)
        bias = try Tensor(shape: [out], scalars: (0..<out).map { b[$0] * scale[$0] + shift[$0] })
        (stride, padding, dilation) = (conv.stride, conv.padding, conv.dilation)
    }

    /// The weights in the layout and type `descriptor` describes.
    func weights(_ descriptor: DNNLMemoryDescriptor) throws -> DNNLMemory {
        try lock.withLock {
            if let memory = reordered[descriptor] { return memory }
            let memory = try DNNLMemory(descriptor)
            try DNNLReorder.run(from: DNNLMemory(tensor: weight), to: memory)
            reordered[descriptor] = memory
            return memory
        }
    }

    /// The folded bias `[outChannels]` in fp32.
    func biasMemory() throws -> DNNLMemory {
        try lock.withLock {
            if let biasCopy { return biasCopy }
            let memory = try DNNLMemory(tensor: bias)
            biasCopy = memory
            return memory
        }
    }
}

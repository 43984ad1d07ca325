import NeuralNetwork
import TensorEngine

/// One ResNet block, torchvision layout: `BasicBlock` (two 3×3 convs, expansion 1) or
/// `Bottleneck` (1×1 → 3×3 with the stride → 1×1 ×4, expansion 4), each conv followed by a
/// norm, ReLU after all but the last, the shortcut added, then ReLU. The first norm is an
/// `IBN` layer in IBN-a blocks. Children are named as torchvision registers them.
final class ResidualBlock: ShapeTracing {
    /// The two torchvision block types.
    enum Kind: Sendable {
        case basic, bottleneck

        /// Output channels per `planes`.
        var expansion: Int { self == .basic ? 1 : 4 }
    }

    public var isTraining = true
    let kind: Kind
    /// `(conv, norm)` pairs in order: `conv1/bn1`, `conv2/bn2` (and `conv3/bn3`).
    let stages: [(conv: Conv2d, norm: any ShapeTracing)]
    /// The projection shortcut `downsample` = Sequential(conv1×1, BN), when present.
    let downsample: Sequential?
    private let relu = Activation(.relu)

    /// A block from `inPlanes` channels to `planes · expansion`, striding by `stride`; `ibn`
    /// replaces the first norm by IBN-a (instance norm on the first half of the channels).
    init(kind: Kind, inPlanes: Int, planes: Int, stride: Int, ibn: Bool, initializer w: inout WeightInitializer) {
        self.kind = kind
        let out = planes * kind.expansion
        func conv(_ i: Int, _ o: Int, _ k: Int, _ s: Int) -> Conv2d {
            w.conv(i, o, kernel: k, stride: s, scheme: .pytorchDefault)
        }
        let firstNorm: any ShapeTracing = ibn ? IBN(planes: planes) : BatchNorm(features: planes)
        switch kind {
        case .basic:
            stages = [
                (conv(inPlanes, planes, 3, stride), firstNorm),
                (conv(planes, planes, 3, 1), BatchNorm(features: planes)),
            ]
        case .bottleneck:
            stages = [
                (conv(inPlanes, planes, 1, 1), firstNorm),
                (conv(planes, planes, 3, stride), BatchNorm(features: planes)),
                (conv(planes, out, 1, 1), BatchNorm(features: out)),
            ]
        }
        downsample =
            stride != 1 || inPlanes != out
            ? Sequential([conv(inPlanes, out, 1, stride), BatchNorm(features: out)]) : nil
    }

    /// Every convolution of the block, shortcut included (for re-initialisation).
    var convolutions: [Conv2d] {
        stages.map(\.conv) + (downsample?.layers.compactMap { $0 as? Conv2d } ?? [])
    }

    /// Every batch norm of the block (IBN's included): what decides whether it can be folded.
    var batchNorms: [BatchNorm] {
        stages.compactMap { ($0.norm as? BatchNorm) ?? ($0.norm as? IBN)?.batchNorm }
            + (downsample?.layers.compactMap { $0 as? BatchNorm } ?? [])
    }

    var children: [(name: String, module: any Module)] {
        stages.enumerated().flatMap { i, stage in
            [("conv\(i + 1)", stage.conv as any Module), ("bn\(i + 1)", stage.norm as any Module)]
        } + (downsample.map { [("downsample", $0 as any Module)] } ?? [])
    }

    /// In inference (eval-mode norms, no gradient) each conv runs with its norm, ReLU and, for
    /// the last, the shortcut fused into its output pass (`Conv2d.fused`); bit-identical to
    /// the layer-by-layer path, which training takes, on AIRS's own convolution kernels
    /// (`ConvolutionBackend.native`; oneDNN's, the default, round differently).
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var x = input
        for stage in stages.dropLast() {
            if let norm = stage.norm as? BatchNorm, let y = try stage.conv.fused(x, norm: norm, relu: true) {
                x = y
            } else {
                x = try relu(stage.norm(stage.conv(x)))
            }
        }
        let shortcut = try projectedShortcut(input)
        let last = stages[stages.count - 1]
        if let norm = last.norm as? BatchNorm,
            let y = try last.conv.fused(x, norm: norm, residual: shortcut, relu: true)
        {
            return y
        }
        return try relu(last.norm(last.conv(x)) + shortcut)
    }

    /// `downsample(input)` (fused when it can be), or the input itself.
    private func projectedShortcut(_ input: Tensor) throws -> Tensor {
        guard let downsample else { return input }
        if downsample.layers.count == 2, let conv = downsample.layers[0] as? Conv2d,
            let norm = downsample.layers[1] as? BatchNorm,
            let y = try conv.fused(input, norm: norm, relu: false)
        {
            return y
        }
        return try downsample(input)
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        var shape = input
        for (i, stage) in stages.enumerated() {
            shape = try tally.trace(stage.conv, named: "conv\(i + 1)", shape)
            shape = try tally.trace(stage.norm, named: "bn\(i + 1)", shape)
            if i < stages.count - 1 { shape = try relu.trace(shape, &tally) }
        }
        if let downsample { _ = try tally.trace(downsample, named: "downsample", input) }
        return try relu.trace(shape, &tally)
    }
}

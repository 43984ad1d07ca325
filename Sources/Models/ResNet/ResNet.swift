import NeuralNetwork
import TensorEngine

/// ResNet18/34/50/101/152 and ResNet-IBN-a as upstream builds them (`models/resnet.py`,
/// `models/resnet_ibn.py`), with the retrieval head `fc`.
///
/// Upstream quirks kept on purpose: the plain ResNet's stem max-pool is 2×2/s2 (not
/// torchvision's 3×3/s2/p1) and layer4's stride is `last_stride`; the IBN-a network keeps the
/// 3×3/s2/p1 pool and hard-codes layer4's stride to 2, ignoring `last_stride`
/// (`ibnLayer4Stride` makes that a choice; see spec/models.md §5).
public final class ResNet: RetrievalNetwork {
    /// Block type and blocks per stage of each depth.
    public enum Depth: Int, CaseIterable, Sendable {
        case resnet18 = 18
        case resnet34 = 34
        case resnet50 = 50
        case resnet101 = 101
        case resnet152 = 152

        var blocks: (kind: ResidualBlock.Kind, counts: [Int]) {
            switch self {
            case .resnet18: return (.basic, [2, 2, 2, 2])
            case .resnet34: return (.basic, [3, 4, 6, 3])
            case .resnet50: return (.bottleneck, [3, 4, 6, 3])
            case .resnet101: return (.bottleneck, [3, 4, 23, 3])
            case .resnet152: return (.bottleneck, [3, 8, 36, 3])
            }
        }
    }

    public var isTraining = true
    /// The registry name (`ResNet101`, `ResNet101_ibn_a`).
    public let name: String
    let conv1: Conv2d
    let bn1: BatchNorm
    let maxPool: Pool2d
    /// `layer1` … `layer4`.
    let layers: [Sequential]
    /// The retrieval head `fc` (d = 512 or 2048).
    public let head: ClassBlock
    private let relu = Activation(.relu)
    let globalPool = AdaptiveAvgPool2d(outputSize: 1)
    /// The backbone lowered into oneDNN, and its plans (`ResNet+Inference.swift`).
    let inferenceCache = InferenceCache<LoweredResNet>()

    /// - Parameters:
    ///   - ibn: build ResNet-IBN-a (IBN in every block of layer1–3, 3×3 stem pool, IBN init).
    ///   - lastStride: layer4's stride for the plain ResNet (upstream default 1).
    ///   - ibnLayer4Stride: layer4's stride for IBN-a (upstream hard-codes 2).
    public init(
        depth: Depth, numClasses: Int, lastStride: Int = 1, ibn: Bool = false, ibnLayer4Stride: Int = 2,
        name: String? = nil, initialize: Bool = true, generator: inout RandomGenerator
    ) {
        var w = WeightInitializer(generator: generator, enabled: initialize)
        defer { generator = w.generator }
        self.name = name ?? "ResNet\(depth.rawValue)\(ibn ? "_ibn_a" : "")"
        conv1 = w.conv(3, 64, kernel: 7, stride: 2, padding: 3, scheme: .pytorchDefault)
        bn1 = BatchNorm(features: 64)
        maxPool = ibn ? Pool2d(.max, kernelSize: 3, stride: 2, padding: 1) : Pool2d(.max, kernelSize: 2, stride: 2)
        let (kind, counts) = depth.blocks
        let strides = [1, 2, 2, ibn ? ibnLayer4Stride : lastStride]
        var inPlanes = 64
        var stages: [Sequential] = []
        for (index, planes) in [64, 128, 256, 512].enumerated() {
            var blocks: [ResidualBlock] = []
            for b in 0..<counts[index] {
                blocks.append(
                    ResidualBlock(
                        kind: kind, inPlanes: inPlanes, planes: planes, stride: b == 0 ? strides[index] : 1,
                        ibn: ibn && index < 3, initializer: &w))
                inPlanes = planes * kind.expansion
            }
            stages.append(Sequential(blocks))
        }
        layers = stages
        head = ClassBlock(inputDimension: 512 * kind.expansion, numClasses: numClasses, initializer: &w)
        if ibn {
            // resnet_ibn.py: every conv N(0, 2/(k·k·out)); norms are already 1/0.
            let convs = [conv1] + layers.flatMap { $0.layers.flatMap { ($0 as? ResidualBlock)?.convolutions ?? [] } }
            for conv in convs { w.kaimingNormalFanOut(conv) }
        }
    }

    public var children: [(name: String, module: any Module)] {
        [("conv1", conv1), ("bn1", bn1)]
            + layers.enumerated().map { ("layer\($0.offset + 1)", $0.element as any Module) }
            + [("fc", head)]
    }

    /// Stem, layer1–4 (the stage maps) and the global average.
    public func features(_ images: Tensor) throws -> (stages: [Tensor], pooled: Tensor) {
        let stem = try conv1.fused(images, norm: bn1, relu: true) ?? relu(bn1(conv1(images)))
        var x = try maxPool(stem)
        var stages: [Tensor] = []
        for layer in layers {
            x = try layer(x)
            stages.append(x)
        }
        return (stages, try globalPool(x).flattened(from: 1))
    }

    public func traceFeatures(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        var shape = try tally.trace(conv1, named: "conv1", input)
        shape = try tally.trace(bn1, named: "bn1", shape)
        shape = try relu.trace(shape, &tally)
        shape = try tally.trace(maxPool, named: "maxpool", shape)
        for (index, layer) in layers.enumerated() { shape = try tally.trace(layer, named: "layer\(index + 1)", shape) }
        shape = try tally.trace(globalPool, named: "avgpool", shape)
        return [shape[0], shape[1]]
    }
}

import NeuralNetwork
import TensorEngine

/// MobileNetV3-Small as upstream uses it (`models/mobilenetv3.py`): torchvision's
/// `mobilenet_v3_small().features` (13 modules, kept as `model`), global average pooling to
/// 576 and the retrieval head `fc`. BN uses eps 1e-3 and momentum 0.01 (torchvision).
///
/// Upstream quirk kept: module 9's depthwise conv takes stride `last_stride` (1 in every
/// config) instead of 2, so the last stages keep a total stride of 16.
public final class MobileNetV3Small: RetrievalNetwork {
    public var isTraining = true
    /// The registry name.
    public let name = "MobileNetV3_Small"
    /// The 13 feature modules, torchvision's `features.0` … `features.12`.
    let model: Sequential
    /// The retrieval head `fc` (d = 576).
    public let head: ClassBlock
    private let globalPool = AdaptiveAvgPool2d(outputSize: 1)
    /// Index of the last module of each of the four stages.
    static let stageEnds = [1, 3, 8, 12]

    /// `initialize: false` leaves the weights zero for a load right after construction.
    public init(numClasses: Int, lastStride: Int = 1, initialize: Bool = true, generator: inout RandomGenerator) {
        var w = WeightInitializer(generator: generator, enabled: initialize)
        defer { generator = w.generator }
        let norm = (epsilon: 1e-3, momentum: 0.01)
        let stem = w.conv(3, 16, kernel: 3, stride: 2, scheme: .kaimingNormalFanOut)
        var modules: [any Layer] = [
            Sequential([
                stem, BatchNorm(features: 16, epsilon: norm.epsilon, momentum: norm.momentum),
                Activation(.hardSwish),
            ])
        ]
        // torchvision's table: input, kernel, expanded, output, SE, activation, stride.
        let table: [(Int, Int, Int, Int, Bool, Activation.Kind, Int)] = [
            (16, 3, 16, 16, true, .relu, 2), (16, 3, 72, 24, false, .relu, 2), (24, 3, 88, 24, false, .relu, 1),
            (24, 5, 96, 40, true, .hardSwish, 2), (40, 5, 240, 40, true, .hardSwish, 1),
            (40, 5, 240, 40, true, .hardSwish, 1),
            (40, 5, 120, 48, true, .hardSwish, 1), (48, 5, 144, 48, true, .hardSwish, 1),
            (48, 5, 288, 96, true, .hardSwish, lastStride), (96, 5, 576, 96, true, .hardSwish, 1),
            (96, 5, 576, 96, true, .hardSwish, 1),
        ]
        for (input, kernel, expanded, output, se, activation, stride) in table {
            modules.append(
                InvertedResidual(
                    .init(
                        input: input, kernel: kernel, expanded: expanded, output: output,
                        squeeze: se ? makeDivisible(Double(expanded / 4)) : nil,
                        activation: activation, stride: stride, norm: norm, layout: .v3),
                    initializer: &w))
        }
        let last = w.conv(96, 576, kernel: 1, scheme: .kaimingNormalFanOut)
        modules.append(
            Sequential([
                last, BatchNorm(features: 576, epsilon: norm.epsilon, momentum: norm.momentum),
                Activation(.hardSwish),
            ]))
        model = Sequential(modules)
        head = ClassBlock(inputDimension: 576, numClasses: numClasses, initializer: &w)
    }

    public var children: [(name: String, module: any Module)] { [("model", model), ("fc", head)] }

    /// Modules 0–12 (stage maps after 1, 3, 8, 12) and the global average.
    public func features(_ images: Tensor) throws -> (stages: [Tensor], pooled: Tensor) {
        var x = images
        var stages: [Tensor] = []
        for (index, module) in model.layers.enumerated() {
            x = try module(x)
            if Self.stageEnds.contains(index) { stages.append(x) }
        }
        return (stages, try globalPool(x).flattened(from: 1))
    }

    public func traceFeatures(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        let shape = try tally.trace(model, named: "model", input)
        let pooled = try tally.trace(globalPool, named: "avgpool", shape)
        return [pooled[0], pooled[1]]
    }
}

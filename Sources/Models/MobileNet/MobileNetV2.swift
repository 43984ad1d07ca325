import NeuralNetwork
import TensorEngine

/// torchvision's MobileNetV2 with its ImageNet classifier (`features.*`, `classifier.1`), so
/// that the real `IMAGENET1K` weights load by name. It has no retrieval head: its
/// `retrievalFeature` is the pooled 1280-d feature itself.
public final class MobileNetV2: ImageNetwork {
    public var isTraining = true
    /// The registry name.
    public let name = "MobileNetV2"
    /// The 19 feature modules, `features.0` … `features.18`.
    let features: Sequential
    /// `classifier` = Dropout(0.2), Linear(1280 → classes).
    let classifier: Sequential
    private let globalPool = AdaptiveAvgPool2d(outputSize: 1)
    /// Index of the last module of each of the four stages (strides 4, 8, 16, 32).
    static let stageEnds = [3, 6, 13, 18]

    /// torchvision's init: convs Kaiming-normal fan-out, BN 1/0, Linear `N(0, 0.01²)` with zero bias.
    /// `initialize: false` leaves the weights zero for a load right after construction.
    public init(numClasses: Int = 1000, initialize: Bool = true, generator: inout RandomGenerator) {
        var w = WeightInitializer(generator: generator, enabled: initialize)
        defer { generator = w.generator }
        func convNormAct(_ i: Int, _ o: Int, _ k: Int, stride: Int) -> Sequential {
            let conv = w.conv(i, o, kernel: k, stride: stride, scheme: .kaimingNormalFanOut)
            return Sequential([conv, BatchNorm(features: o), Activation(.relu6)])
        }
        var modules: [any Layer] = [convNormAct(3, 32, 3, stride: 2)]
        var input = 32
        // torchvision's table: expansion t, output c, repeats n, first stride s.
        for (t, c, n, s) in [
            (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1),
        ] {
            for i in 0..<n {
                modules.append(
                    InvertedResidual(
                        .init(
                            input: input, kernel: 3, expanded: input * t, output: c, squeeze: nil,
                            activation: .relu6, stride: i == 0 ? s : 1,
                            norm: (1e-5, 0.1), layout: .v2), initializer: &w))
                input = c
            }
        }
        modules.append(convNormAct(320, 1280, 1, stride: 1))
        features = Sequential(modules)
        let linear = w.linear(1280, numClasses, bias: true)
        w.normal(linear.weight, std: 0.01)
        if let bias = linear.bias { w.zeros(bias) }
        classifier = Sequential([Dropout(probability: 0.2, generator: &w.generator), linear])
    }

    public var children: [(name: String, module: any Module)] { [("features", features), ("classifier", classifier)] }

    public func callAsFunction(_ images: Tensor) throws -> NetworkOutputs {
        var tally = ComplexityTally()
        _ = try trace(images.shape, &tally)
        var x = images
        var stages: [Tensor] = []
        for (index, module) in features.layers.enumerated() {
            x = try module(x)
            if Self.stageEnds.contains(index) { stages.append(x) }
        }
        let pooled = try globalPool(x).flattened(from: 1)
        return NetworkOutputs(
            logits: try classifier(pooled), pooledFeature: pooled, retrievalFeature: pooled, stageFeatures: stages)
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        let shape = try tally.trace(features, named: "features", input)
        let pooled = try tally.trace(globalPool, named: "avgpool", shape)
        return try tally.trace(classifier, named: "classifier", [pooled[0], pooled[1]])
    }
}

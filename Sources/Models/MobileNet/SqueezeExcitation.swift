import NeuralNetwork
import TensorEngine

/// torchvision's `SqueezeExcitation`: global average → 1×1 conv (`fc1`, with bias) → ReLU →
/// 1×1 conv (`fc2`, with bias) → Hardsigmoid, multiplied onto the input per channel.
final class SqueezeExcitation: ShapeTracing {
    public var isTraining = true
    let fc1: Conv2d
    let fc2: Conv2d
    private let pool = AdaptiveAvgPool2d(outputSize: 1)
    private let activation = Activation(.relu)
    private let scaleActivation = Activation(.hardSigmoid)

    init(channels: Int, squeezeChannels: Int, initializer w: inout WeightInitializer) {
        fc1 = w.conv(channels, squeezeChannels, kernel: 1, bias: true, scheme: .kaimingNormalFanOut)
        fc2 = w.conv(squeezeChannels, channels, kernel: 1, bias: true, scheme: .kaimingNormalFanOut)
    }

    var children: [(name: String, module: any Module)] { [("fc1", fc1), ("fc2", fc2)] }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let scale = try scaleActivation(fc2(activation(fc1(pool(input)))))
        return try input * scale
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        var shape = try tally.trace(pool, named: "avgpool", input)
        shape = try tally.trace(fc1, named: "fc1", shape)
        shape = try activation.trace(shape, &tally)
        shape = try tally.trace(fc2, named: "fc2", shape)
        _ = try scaleActivation.trace(shape, &tally)
        return input
    }
}

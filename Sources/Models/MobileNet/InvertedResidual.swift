import NeuralNetwork
import TensorEngine

/// The inverted-residual block of torchvision's MobileNetV2 and V3: [1×1 expansion conv + BN +
/// act] (absent when the expansion equals the input width) → depthwise k×k conv + BN + act →
/// [squeeze-excitation] → 1×1 projection conv + BN; the input is added back when the stride is
/// 1 and the widths agree. The layers form one `Sequential` named `block` (V3) or `conv` (V2,
/// whose projection conv and BN sit directly in it rather than in a sub-sequence).
final class InvertedResidual: ShapeTracing {
    public var isTraining = true
    let body: Sequential
    let bodyName: String
    let usesResidual: Bool

    /// Settings of one block.
    struct Settings {
        var input: Int, kernel: Int, expanded: Int, output: Int
        var squeeze: Int?
        var activation: Activation.Kind
        var stride: Int
        var norm: (epsilon: Double, momentum: Double)
        var layout: Layout
    }

    /// Where torchvision puts the projection: its own Conv2dNormActivation (V3) or flat (V2).
    enum Layout { case v3, v2 }

    init(_ s: Settings, initializer w: inout WeightInitializer) {
        func convNormAct(_ i: Int, _ o: Int, _ k: Int, stride: Int = 1, groups: Int = 1, act: Activation.Kind?)
            -> [any Layer]
        {
            let conv = w.conv(i, o, kernel: k, stride: stride, groups: groups, scheme: .kaimingNormalFanOut)
            let norm = BatchNorm(features: o, epsilon: s.norm.epsilon, momentum: s.norm.momentum)
            return [conv, norm] + (act.map { [Activation($0)] } ?? [])
        }
        var layers: [any Layer] = []
        if s.expanded != s.input { layers.append(Sequential(convNormAct(s.input, s.expanded, 1, act: s.activation))) }
        layers.append(
            Sequential(
                convNormAct(s.expanded, s.expanded, s.kernel, stride: s.stride, groups: s.expanded, act: s.activation)))
        if let squeeze = s.squeeze {
            layers.append(SqueezeExcitation(channels: s.expanded, squeezeChannels: squeeze, initializer: &w))
        }
        let projection = convNormAct(s.expanded, s.output, 1, act: nil)
        switch s.layout {
        case .v3: layers.append(Sequential(projection))
        case .v2: layers += projection
        }
        body = Sequential(layers)
        bodyName = s.layout == .v3 ? "block" : "conv"
        usesResidual = s.stride == 1 && s.input == s.output
    }

    var children: [(name: String, module: any Module)] { [(bodyName, body)] }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let out = try body(input)
        return usesResidual ? try out + input : out
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        try tally.trace(body, named: bodyName, input)
    }
}

/// torchvision's `_make_divisible`: `value` rounded to a multiple of `divisor`, never more than
/// 10 % below it.
func makeDivisible(_ value: Double, _ divisor: Int = 8) -> Int {
    var rounded = max(divisor, Int(value + Double(divisor) / 2) / divisor * divisor)
    if Double(rounded) < 0.9 * value { rounded += divisor }
    return rounded
}

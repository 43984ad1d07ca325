import NeuralNetwork
import TensorEngine

/// How a network's constructor draws its initial weights: upstream's schemes from a seeded
/// generator, or nothing at all (`enabled == false`: convolutions stay zero) when the weights
/// are loaded right after construction, which saves drawing tens of millions of numbers.
struct WeightInitializer {
    var generator: RandomGenerator
    let enabled: Bool

    /// The conv weight schemes upstream applies at construction.
    enum ConvScheme {
        /// PyTorch's layer default, Kaiming-uniform with a = √5 (plain ResNet).
        case pytorchDefault
        /// torchvision's MobileNets: Kaiming-normal fan-out, `σ = √(2/(out·k·k))`, zero bias.
        case kaimingNormalFanOut
    }

    /// A square convolution initialised by `scheme`.
    mutating func conv(
        _ input: Int, _ output: Int, kernel: Int, stride: Int = 1, padding: Int? = nil, groups: Int = 1,
        bias: Bool = false, scheme: ConvScheme
    ) -> Conv2d {
        let conv = Conv2d(
            inChannels: input, outChannels: output, kernelSize: kernel, stride: stride,
            padding: padding ?? (kernel - 1) / 2, groups: groups, bias: bias,
            initialize: enabled && scheme == .pytorchDefault, generator: &generator)
        if enabled, scheme == .kaimingNormalFanOut {
            kaimingNormalFanOut(conv)
            if let b = conv.bias { zeros(b) }
        }
        return conv
    }

    /// A Linear layer with PyTorch's default init.
    mutating func linear(_ input: Int, _ output: Int, bias: Bool) -> Linear {
        Linear(inFeatures: input, outFeatures: output, bias: bias, initialize: enabled, generator: &generator)
    }

    /// timm's transformer Linear init: weight `N(0, 0.02²)` truncated at ±2 (100σ: never hit),
    /// bias zero.
    mutating func truncatedNormalLinear(_ input: Int, _ output: Int, bias: Bool) -> Linear {
        let linear = Linear(
            inFeatures: input, outFeatures: output, bias: bias, initialize: false, generator: &generator)
        normal(linear.weight, std: 0.02)
        return linear
    }

    /// Overwrites `conv`'s weight with `N(0, 2/(out·k·k))` (torchvision's MobileNets and
    /// resnet_ibn.py's `N(0, 2/n)`, `n = k·k·out`).
    mutating func kaimingNormalFanOut(_ conv: Conv2d) {
        guard enabled else { return }
        // The shapes agree by construction, so the assignment cannot fail.
        try? Initializer.kaimingNormal(.fanOut).apply(to: conv.weight, using: &generator)
    }

    /// Overwrites `parameter` with `N(0, std²)` samples.
    mutating func normal(_ parameter: Parameter, std: Double) {
        guard enabled else { return }
        try? Initializer.normal(std: std).apply(to: parameter, using: &generator)
    }

    /// Overwrites `parameter` with zeros.
    func zeros(_ parameter: Parameter) {
        try? parameter.assign(Tensor.zeros(parameter.value.shape))
    }
}

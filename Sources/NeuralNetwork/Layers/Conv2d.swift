import TensorEngine

/// 2-D convolution over `[batch, channels, height, width]` with PyTorch's layout and
/// arithmetic: `weight` is `[outChannels, inChannels / groups, kernel, kernel]`, output size
/// `⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1`. Square kernels, strides,
/// paddings and dilations only (every upstream network uses square ones).
public final class Conv2d: ShapeTracing {
    /// Training or evaluation mode (see `Module.isTraining`).
    public var isTraining = true
    /// `[outChannels, inChannels / groups, kernel, kernel]`.
    public let weight: Parameter
    /// `[outChannels]`, when the layer has a bias.
    public let bias: Parameter?
    /// Input and output channels, and the kernel side.
    public let inChannels: Int, outChannels: Int, kernelSize: Int
    /// Step, zero padding, kernel spacing, and channel groups (depthwise: groups = channels).
    public let stride: Int, padding: Int, dilation: Int, groups: Int

    /// A convolution with PyTorch's default initialisation (Kaiming-uniform with a = √5, i.e.
    /// `U(±1/√fanIn)` for the weight and the bias), drawn from `generator`; with
    /// `initialize: false` the weights stay zero and nothing is drawn (for weights that are
    /// loaded right after construction).
    public init(
        inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        dilation: Int = 1, groups: Int = 1, bias: Bool = true, initialize: Bool = true,
        generator: inout RandomGenerator
    ) {
        precondition(
            groups > 0 && inChannels % groups == 0 && outChannels % groups == 0,
            "Conv2d: channels \(inChannels)→\(outChannels) are not divisible by groups \(groups)")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        let fanIn = inChannels / groups * kernelSize * kernelSize
        let bound = 1 / Double(max(fanIn, 1)).squareRoot()
        let shape = [outChannels, inChannels / groups, kernelSize, kernelSize]
        weight = Parameter(
            initialize ? Tensor.randomUniform(shape, lower: -bound, upper: bound, using: &generator) : .zeros(shape))
        guard bias else {
            self.bias = nil
            return
        }
        self.bias = Parameter(
            initialize
                ? Tensor.randomUniform([outChannels], lower: -bound, upper: bound, using: &generator)
                : .zeros([outChannels]))
    }

    /// `weight`, then `bias` when there is one.
    public var ownParameters: [(name: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    /// `input`: `[batch, inChannels, height, width]` → `[batch, outChannels, height′, width′]`.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var tally = ComplexityTally()
        _ = try trace(input.shape, &tally)
        return try input.conv2d(
            weight: weight.value, bias: bias?.value, stride: stride, padding: padding,
            dilation: dilation, groups: groups)
    }

    /// The output length of one spatial dimension of `size` elements.
    public func outputSize(_ size: Int) -> Int {
        (size + 2 * padding - dilation * (kernelSize - 1) - 1) / stride + 1
    }

    /// The output shape for `input` `[batch, channels, height, width]`, adding its MACs
    /// to `tally`.
    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        let expected =
            "[batch, \(inChannels), height, width] with height and width ≥ \(dilation * (kernelSize - 1) + 1 - 2 * padding)"
        guard input.count == 4, input[1] == inChannels else { throw tally.badInput(input, expected: expected) }
        let height = outputSize(input[2])
        let width = outputSize(input[3])
        guard input[2] + 2 * padding >= dilation * (kernelSize - 1) + 1,
            input[3] + 2 * padding >= dilation * (kernelSize - 1) + 1,
            height > 0, width > 0
        else { throw tally.badInput(input, expected: expected) }
        let positions = input[0] * height * width
        tally.add(
            positions * kernelSize * kernelSize * inChannels * (outChannels / groups)
                + (bias == nil ? 0 : outChannels * positions))
        return [input[0], outChannels, height, width]
    }
}

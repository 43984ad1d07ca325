import TensorEngine

/// Instance normalisation of `[batch, channels, height, width]`: every sample's channel is
/// normalised by its own mean and biased variance over height and width, in training and
/// evaluation alike (no running statistics), then scaled and shifted per channel (affine).
/// IBN-a uses it on the first half of the channels.
public final class InstanceNorm2d: ShapeTracing {
    public var isTraining = true
    /// Per-channel scale `[features]`.
    public let weight: Parameter
    /// Per-channel shift `[features]`.
    public let bias: Parameter
    /// Channel count.
    public let features: Int
    /// Added to the variance before the square root.
    public let epsilon: Double

    public init(features: Int, epsilon: Double = 1e-5) {
        self.features = features
        self.epsilon = epsilon
        weight = Parameter(.ones([features]))
        bias = Parameter(.zeros([features]))
    }

    public var ownParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var tally = ComplexityTally()
        _ = try trace(input.shape, &tally)
        return try input.instanceNorm(weight: weight.value, bias: bias.value, epsilon: epsilon)
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        guard input.count == 4, input[1] == features else {
            throw tally.badInput(input, expected: "[batch, \(features), height, width]")
        }
        tally.add(2 * Shape.count(input))
        return input
    }
}

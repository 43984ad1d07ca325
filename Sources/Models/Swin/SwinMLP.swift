import NeuralNetwork
import TensorEngine

/// timm's `Mlp` in a Swin block: `fc1` (C → ratio·C) → GELU → `fc2` (→ C); dropouts are 0.
final class SwinMLP: ShapeTracing {
    public var isTraining = true
    let fc1: Linear
    let fc2: Linear
    private let activation = Activation(.gelu)

    init(dimension: Int, hidden: Int, initializer w: inout WeightInitializer) {
        fc1 = w.truncatedNormalLinear(dimension, hidden, bias: true)
        fc2 = w.truncatedNormalLinear(hidden, dimension, bias: true)
    }

    var children: [(name: String, module: any Module)] { [("fc1", fc1), ("fc2", fc2)] }

    public func callAsFunction(_ input: Tensor) throws -> Tensor { try fc2(activation(fc1(input))) }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        let hidden = try tally.trace(fc1, named: "fc1", input)
        return try tally.trace(fc2, named: "fc2", activation.trace(hidden, &tally))
    }
}

import TensorEngine

/// Inverted dropout: in training mode each element is zeroed with probability `probability`
/// and the survivors are scaled by `1 / (1 − probability)`; identity in evaluation mode.
/// The mask comes from the layer's own seeded generator, so runs repeat exactly.
public final class Dropout: ShapeTracing {
    /// Training or evaluation mode (see `Module.isTraining`).
    public var isTraining = true
    /// Chance that an element is zeroed.
    public let probability: Double
    private var generator: RandomGenerator

    /// A layer dropping with `probability` in `[0, 1)`, seeded from `generator`.
    public init(probability: Double, generator: inout RandomGenerator) {
        precondition((0..<1).contains(probability), "Dropout: probability \(probability) is outside [0, 1)")
        self.probability = probability
        self.generator = RandomGenerator(seed: generator.next())
    }

    /// `input` (any shape) with elements dropped in training mode; unchanged in evaluation.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.dropout(probability: probability, training: isTraining, using: &generator)
    }

    /// The input shape unchanged; no MACs.
    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] { input }
}

import TensorEngine

/// Stochastic depth (Huang et al., 2016) as timm's `DropPath`: in training mode each sample's
/// residual branch is zeroed with probability `probability` and kept ones are scaled by
/// `1 / (1 − probability)`; identity in evaluation mode or when frozen. Seeded; in a
/// data-parallel step the decisions are the global batch's (`Tensor.withGlobalBatchRows`).
public final class DropPath: ShapeTracing {
    /// Training or evaluation mode (see `Module.isTraining`).
    public var isTraining = true
    /// Chance that a sample's branch is dropped.
    public let probability: Double
    private var generator: RandomGenerator

    /// A layer dropping with `probability` in `[0, 1)`, seeded from `generator`.
    public init(probability: Double, generator: inout RandomGenerator) {
        precondition((0..<1).contains(probability), "DropPath: probability \(probability) is outside [0, 1)")
        self.probability = probability
        self.generator = RandomGenerator(seed: generator.next())
    }

    /// `input`: `[batch, ...]`; one keep/drop decision per sample.
    public func callAsFunction(_ input: Tensor) throws -> Tensor { try callAsFunction(input, training: isTraining) }

    /// The same with the mode given by the caller (a frozen block passes `false`).
    public func callAsFunction(_ input: Tensor, training: Bool) throws -> Tensor {
        guard training, probability > 0, input.rank >= 1 else { return input }
        let maskShape = [input.shape[0]] + Array(repeating: 1, count: input.rank - 1)
        let keep = try Tensor.randomBernoulliOverBatch(
            maskShape, probability: 1 - probability, dtype: input.dtype, using: &generator)
        return try input * (keep / (1 - probability))
    }

    /// The input shape unchanged; no MACs.
    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] { input }
}

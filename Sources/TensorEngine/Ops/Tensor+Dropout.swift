/// Dropout, composed from a Bernoulli mask and a product (its gradient is the same mask).
extension Tensor {
    /// PyTorch's `dropout`: in training, zeroes each element with probability `probability`
    /// and scales the survivors by `1 / (1 − probability)` (inverted dropout), drawing the mask
    /// from `generator` (for the global batch in a data-parallel step, see
    /// `Tensor.withGlobalBatchRows`); in evaluation, returns `self` unchanged.
    public func dropout(probability: Double, training: Bool, using generator: inout RandomGenerator) throws -> Tensor {
        guard probability >= 0, probability <= 1 else {
            throw TensorError.invalidArgument(
                op: "dropout", message: "probability \(probability) must be between 0 and 1 (input \(shape))")
        }
        guard training, probability > 0 else { return self }
        if probability == 1 { return try self * 0.0 }
        let keep = try Tensor.randomBernoulliOverBatch(
            shape, probability: 1 - probability, dtype: dtype, using: &generator)
        return try self * (keep * (1 / (1 - probability)))
    }
}

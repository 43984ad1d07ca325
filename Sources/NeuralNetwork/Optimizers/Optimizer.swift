import TensorEngine

/// Updates parameters from their gradients. Optimizer state (momentum, moments) is exposed
/// by parameter name so that checkpoints can store and restore it exactly.
public protocol Optimizer: AnyObject {
    var groups: [ParameterGroup] { get set }
    /// Applies one update to every group whose parameter has a gradient.
    func step() throws
    /// The per-parameter state tensors, keyed `"<parameter name>.<slot>"`, plus step counters.
    func stateTensors() -> [String: Tensor]
    /// Restores what `stateTensors()` returned.
    func loadState(_ state: [String: Tensor]) throws
}

extension Optimizer {
    /// Clears every parameter's gradient (upstream zeroes them at the start of each iteration).
    public func zeroGradients() {
        for group in groups { group.parameter.zeroGradient() }
    }

    /// Rounds each gradient held in another precision than its parameter to the parameter's:
    /// split-invariant gradients are Double until now (`SplitInvariantGradients`), summed over
    /// the ranks as such, and rounded once, here, before `step()`.
    public func roundGradientsToParameterPrecision() throws {
        for group in groups {
            let parameter = group.parameter
            guard let gradient = parameter.gradient, gradient.dtype != parameter.value.dtype else { continue }
            try parameter.value.setGradient(gradient.cast(to: parameter.value.dtype))
        }
    }

    /// Sets each group's learning rate to its base rate times `factor` (the schedule's output).
    public func setLearningRateFactor(_ factor: Double) {
        for i in groups.indices { groups[i].learningRate = groups[i].baseLearningRate * factor }
    }

    /// Restores a named slot tensor, checking that it matches the parameter's shape.
    func restoredSlot(_ state: [String: Tensor], _ key: String, like parameter: Parameter) throws -> Tensor? {
        guard let value = state[key] else { return nil }
        guard value.shape == parameter.value.shape else {
            throw TensorError.shapeMismatch(
                op: "optimizer state \(key)", lhs: parameter.value.shape, rhs: value.shape,
                hint: "the checkpoint was written for another network")
        }
        return value.detached()
    }
}

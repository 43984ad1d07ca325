import TensorEngine

/// Stochastic gradient descent with momentum and coupled L2 weight decay, as PyTorch:
/// `g ← ∇ + wd·w;  v ← μ·v + (1 − dampening)·g  (v = g on the first step);  w ← w − lr·v`
/// (with Nesterov, `w ← w − lr·(g + μ·v)`).
public final class SGD: Optimizer {
    public var groups: [ParameterGroup]
    public let momentum: Double
    public let dampening: Double
    public let nesterov: Bool
    private var velocity: [String: Tensor] = [:]

    public init(groups: [ParameterGroup], momentum: Double = 0.9, dampening: Double = 0, nesterov: Bool = false) {
        self.groups = groups
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
    }

    /// One fused pass per parameter (`Tensor.sgdStep`); the momentum buffer is updated in
    /// place unless a tensor returned by `stateTensors()` still shares it.
    public func step() throws {
        for group in groups {
            guard let gradient = group.parameter.gradient else { continue }
            var v = velocity.removeValue(forKey: group.name)
            let updated = try Tensor.sgdStep(
                weight: group.parameter.value, gradient: gradient, velocity: &v, learningRate: group.learningRate,
                momentum: momentum, dampening: dampening, weightDecay: group.weightDecay, nesterov: nesterov)
            velocity[group.name] = v
            try group.parameter.assign(updated)
        }
    }

    public func stateTensors() -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: velocity.map { ("\($0.key).momentum_buffer", $0.value) })
    }

    public func loadState(_ state: [String: Tensor]) throws {
        velocity = [:]
        for group in groups {
            if let v = try restoredSlot(state, "\(group.name).momentum_buffer", like: group.parameter) {
                velocity[group.name] = v
            }
        }
    }
}

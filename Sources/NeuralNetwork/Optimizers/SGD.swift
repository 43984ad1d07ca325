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

    public func step() throws {
        try Tensor.withoutGradient {
            for group in groups {
                guard let gradient = group.parameter.gradient else { continue }
                let weight = group.parameter.value.detached()
                var g = group.weightDecay != 0 ? try gradient + weight * group.weightDecay : gradient
                if momentum != 0 {
                    let v = try velocity[group.name].map { try $0 * momentum + g * (1 - dampening) } ?? g
                    velocity[group.name] = v
                    g = nesterov ? try g + v * momentum : v
                }
                try group.parameter.assign(weight - g * group.learningRate)
            }
        }
    }

    public func stateTensors() -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: velocity.map { ("\($0.key).momentum_buffer", $0.value) })
    }

    public func loadState(_ state: [String: Tensor]) throws {
        velocity = [:]
        for group in groups {
            if let v = try restoredSlot(state, "\(group.name).momentum_buffer", like: group.parameter) { velocity[group.name] = v }
        }
    }
}

import Foundation
import TensorEngine

/// Adam (coupled L2 decay, `decoupledWeightDecay == false`) and AdamW (decoupled,
/// `w ← w − lr·wd·w` before the Adam update), with bias correction, as PyTorch.
public final class Adam: Optimizer {
    public var groups: [ParameterGroup]
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    public let decoupledWeightDecay: Bool
    private var firstMoment: [String: Tensor] = [:]
    private var secondMoment: [String: Tensor] = [:]
    private var steps: [String: Int] = [:]

    public init(
        groups: [ParameterGroup], beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
        decoupledWeightDecay: Bool = false
    ) {
        self.groups = groups
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.decoupledWeightDecay = decoupledWeightDecay
    }

    /// AdamW with PyTorch's defaults.
    public static func adamW(groups: [ParameterGroup]) -> Adam { Adam(groups: groups, decoupledWeightDecay: true) }

    public func step() throws {
        try Tensor.withoutGradient {
            for group in groups {
                guard let gradient = group.parameter.gradient else { continue }
                var weight = group.parameter.value.detached()
                var g = gradient
                if decoupledWeightDecay {
                    weight = try weight * (1 - group.learningRate * group.weightDecay)
                } else if group.weightDecay != 0 {
                    g = try g + weight * group.weightDecay
                }
                let t = (steps[group.name] ?? 0) + 1
                steps[group.name] = t
                let m = try (firstMoment[group.name] ?? .zeros(g.shape, dtype: g.dtype)) * beta1 + g * (1 - beta1)
                let v =
                    try (secondMoment[group.name] ?? .zeros(g.shape, dtype: g.dtype)) * beta2 + g.square() * (1 - beta2)
                firstMoment[group.name] = m
                secondMoment[group.name] = v
                let correction1 = 1 - Foundation.pow(beta1, Double(t))
                let correction2 = 1 - Foundation.pow(beta2, Double(t))
                let denominator = try (v.sqrt() / correction2.squareRoot()) + epsilon
                try group.parameter.assign(weight - m / denominator * (group.learningRate / correction1))
            }
        }
    }

    public func stateTensors() -> [String: Tensor] {
        var state: [String: Tensor] = [:]
        for (name, m) in firstMoment { state["\(name).exp_avg"] = m }
        for (name, v) in secondMoment { state["\(name).exp_avg_sq"] = v }
        for (name, t) in steps { state["\(name).step"] = Tensor(Double(t)) }
        return state
    }

    public func loadState(_ state: [String: Tensor]) throws {
        firstMoment = [:]
        secondMoment = [:]
        steps = [:]
        for group in groups {
            firstMoment[group.name] = try restoredSlot(state, "\(group.name).exp_avg", like: group.parameter)
            secondMoment[group.name] = try restoredSlot(state, "\(group.name).exp_avg_sq", like: group.parameter)
            if let t = state["\(group.name).step"] { steps[group.name] = Int(try t.item()) }
        }
    }
}

import Distillers
import TensorEngine

/// Plain momentum SGD over a distillation method's own parameters (UGD's projectors), which
/// live in the method rather than in `Parameter`s: the updated value is handed back with
/// `assign`. Uses the first optimizer group's learning rate and the base weight decay.
struct MethodParameterSGD {
    var momentumBuffers: [String: Tensor] = [:]

    mutating func step(_ method: any DistillationMethod, learningRate: Double, momentum: Double, weightDecay: Double) throws {
        for (name, tensor) in method.parameters {
            guard var gradient = tensor.gradient?.detached() else { continue }
            let value = tensor.detached()
            if weightDecay != 0 { gradient = try gradient + value * weightDecay }
            if let buffer = momentumBuffers[name] { gradient = try buffer * momentum + gradient }
            momentumBuffers[name] = gradient
            try method.assign(name, try value - gradient * learningRate)
        }
    }
}

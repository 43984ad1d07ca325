import NeuralNetwork

/// `SOLVER.OPTIMIZER_NAME`: upstream builds `torch.optim.<name>` with its defaults, except the
/// per-group lr and weight decay and, for SGD, `SOLVER.MOMENTUM` (spec/training.md §4).
public enum OptimizerChoice: String, CaseIterable, Sendable {
    /// Momentum, no dampening, no Nesterov, coupled L2 decay.
    case sgd = "SGD"
    /// β (0.9, 0.999), eps 1e-8, bias correction, coupled L2 decay.
    case adam = "Adam"
    /// As Adam, with decoupled decay `w ← w − lr·wd·w` (the Swin Vanilla SOP config).
    case adamW = "AdamW"

    /// The optimizer over `groups`; `momentum` is read by SGD only, as upstream.
    public func make(groups: [ParameterGroup], momentum: Double) -> any Optimizer {
        switch self {
        case .sgd: SGD(groups: groups, momentum: momentum)
        case .adam: Adam(groups: groups)
        case .adamW: Adam.adamW(groups: groups)
        }
    }
}

import Foundation

/// A learning-rate multiplier per epoch, stepped once per epoch as upstream
/// (spec/training.md §5). `factor(completedSteps:)` takes `t = epoch − 1` for 1-based epochs.
public protocol LearningRateSchedule: Sendable {
    func factor(completedSteps t: Int) -> Double
}

/// The warmup ramp shared by both schedules: linear from `startFactor` to 1 over `epochs`,
/// or constant `startFactor`.
public struct Warmup: Sendable, Equatable {
    /// `SOLVER.LR_WARMUP_METHOD`.
    public enum Method: String, Sendable, CaseIterable { case linear, constant }
    public var epochs: Int
    public var startFactor: Double
    public var method: Method

    public init(epochs: Int = 10, startFactor: Double = 0.1, method: Method = .linear) {
        self.epochs = epochs
        self.startFactor = startFactor
        self.method = method
    }

    /// `f(t)`: 1 once warmup is over.
    public func factor(_ t: Int) -> Double {
        guard t < epochs, epochs > 0 else { return 1 }
        switch method {
        case .constant: return startFactor
        case .linear:
            let alpha = Double(t) / Double(epochs)
            return startFactor * (1 - alpha) + alpha
        }
    }
}

/// Warmup, a plateau until `decayStart`, then cosine annealing to `minimumRate` at
/// `maxEpochs` (upstream `WarmupCosineAnnealingLR`). `minimumRate` is absolute, so the
/// factor depends on the base rate.
public struct WarmupCosineAnnealing: LearningRateSchedule {
    public var warmup: Warmup
    public var maxEpochs: Int
    public var decayStart: Int
    public var minimumRate: Double
    public var baseRate: Double

    public init(
        baseRate: Double, maxEpochs: Int, decayStart: Int, minimumRate: Double = 1e-7, warmup: Warmup = Warmup()
    ) {
        self.baseRate = baseRate
        self.maxEpochs = maxEpochs
        self.decayStart = decayStart
        self.minimumRate = minimumRate
        self.warmup = warmup
    }

    public func factor(completedSteps t: Int) -> Double {
        if t <= warmup.epochs { return warmup.factor(t) }
        if t <= decayStart { return 1 }
        let progress = Double(t - decayStart) / Double(max(maxEpochs - decayStart, 1))
        let rate = minimumRate + (baseRate - minimumRate) * (1 + cos(Double.pi * progress)) / 2
        return rate / baseRate
    }
}

/// Warmup, then the rate multiplied by `gamma` at each milestone reached
/// (upstream `WarmupMultiStepLR`).
public struct WarmupMultiStep: LearningRateSchedule {
    public var warmup: Warmup
    public var milestones: [Int]
    public var gamma: Double

    public init(milestones: [Int], gamma: Double = 0.1, warmup: Warmup = Warmup()) {
        self.milestones = milestones
        self.gamma = gamma
        self.warmup = warmup
    }

    public func factor(completedSteps t: Int) -> Double {
        warmup.factor(t) * pow(gamma, Double(milestones.filter { $0 <= t }.count))
    }
}

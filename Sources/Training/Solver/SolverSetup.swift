import Configuration
import NeuralNetwork

/// The optimizer and learning-rate schedule a config asks for (`SOLVER.*`), checked before
/// anything is built: an unknown name or an impossible schedule stops the run with the key
/// and where it was set. Shared by `TrainingRun` and `TrainingPlan`.
struct SolverSetup {
    let settings: SolverSettings
    let optimizer: OptimizerChoice
    let scheduleChoice: ScheduleChoice
    let schedule: any LearningRateSchedule

    init(_ settings: SolverSettings, config: Config) throws {
        self.settings = settings
        optimizer = try Self.choice("SOLVER.OPTIMIZER_NAME", settings.optimizerName, config)
        scheduleChoice = try Self.choice("SOLVER.LR_DECAY_TYPE", settings.lrDecayType, config)
        let method: Warmup.Method = try Self.choice(
            "SOLVER.LR_WARMUP_METHOD", settings.lrWarmupMethod, config)
        guard settings.lrWarmupEpochs >= 0 else {
            throw Self.invalid(
                "SOLVER.LR_WARMUP_EPOCHS", config,
                "is \(settings.lrWarmupEpochs); it must be 0 or more")
        }
        let warmup = Warmup(
            epochs: settings.lrWarmupEpochs, startFactor: settings.lrWarmupFactor, method: method)
        let steps = settings.lrDecaySteps
        switch scheduleChoice {
        case .cosine:
            guard let decayStart = steps.first, decayStart >= warmup.epochs else {
                throw Self.invalid(
                    "SOLVER.LR_DECAY_STEPS", config,
                    "is \(steps); WarmupCosineAnnealingLR takes its first entry as the end of "
                        + "the flat phase, which must be at least LR_WARMUP_EPOCHS "
                        + "(\(warmup.epochs))")
            }
            schedule = WarmupCosineAnnealing(
                baseRate: settings.baseLR, maxEpochs: settings.maxEpochs,
                decayStart: decayStart, minimumRate: settings.lrDecayEtaMinLR,
                warmup: warmup)
        case .multiStep:
            // Upstream's WarmupMultiStepLR raises the same ValueError.
            guard zip(steps, steps.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw Self.invalid(
                    "SOLVER.LR_DECAY_STEPS", config,
                    "is \(steps); WarmupMultiStepLR needs increasing milestones")
            }
            schedule = WarmupMultiStep(
                milestones: steps, gamma: settings.lrDecayGamma, warmup: warmup)
        }
    }

    /// Upstream's parameter groups over `parameters` (spec/training.md §4).
    func groups(_ parameters: [(name: String, parameter: Parameter)]) -> [ParameterGroup] {
        ParameterGroup.upstreamGroups(
            parameters, baseLearningRate: settings.baseLR, weightDecay: settings.weightDecay,
            biasLearningRateFactor: Double(settings.biasLRFactor),
            biasWeightDecay: settings.weightDecayBias,
            largeClassifierRate: settings.largeFCLR, classifierRateFactor: settings.fcLRTimes)
    }

    /// The optimizer over `parameters`, at the first epoch's learning rate.
    func makeOptimizer(_ parameters: [(name: String, parameter: Parameter)]) -> any Optimizer {
        let optimizer = optimizer.make(groups: groups(parameters), momentum: settings.momentum)
        optimizer.setLearningRateFactor(schedule.factor(completedSteps: 0))
        return optimizer
    }

    /// The learning rate of a group with base rate `base` during every epoch, 1-based.
    func learningRates(base: Double) -> [Double] {
        (0..<settings.maxEpochs).map { base * schedule.factor(completedSteps: $0) }
    }

    /// The enum case named by `value`; the schema's `checkSupported` refuses an unknown one
    /// first, this is the same refusal for a config that skipped it.
    static func choice<T: RawRepresentable & CaseIterable>(
        _ key: String, _ value: String, _ config: Config
    )
        throws -> T where T.RawValue == String
    {
        guard let choice = T(rawValue: value) else {
            throw ConfigError.unsupportedValue(
                key: key, value: "'\(value)'", source: config.source(of: key) ?? .defaults,
                supported: T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return choice
    }

    static func invalid(_ key: String, _ config: Config, _ message: String) -> TrainingError {
        .setupFailed(
            key: key, source: config.source(of: key)?.description ?? "defaults", underlying: message
        )
    }
}

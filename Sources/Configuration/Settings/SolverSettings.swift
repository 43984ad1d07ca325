/// Optimiser, schedule, batches, checkpoints and seed (`SOLVER.*`).
///
/// A typed view read from a resolved `Config`: reading it checks every key of the section
/// once, so a `None` or mistyped value stops a run before it starts, naming where it was set.
public struct SolverSettings: Sendable, Equatable {
    /// `SOLVER.TRAINER`: vanilla or kd.
    public var trainer: String
    /// `SOLVER.IMS_PER_BATCH`: student batch (P x K).
    public var imagesPerBatch: Int
    /// `SOLVER.IMS_DISTILLATION_PER_BATCH`: distillation batch.
    public var imagesPerDistillationBatch: Int
    /// `SOLVER.OPTIMIZER_NAME`: SGD or AdamW.
    public var optimizerName: String
    /// `SOLVER.MAX_EPOCHS`: epochs (also the cosine period).
    public var maxEpochs: Int
    /// `SOLVER.BASE_LR`: base learning rate.
    public var baseLR: Double
    /// `SOLVER.LARGE_FC_LR`: enable the classifier lr multiplier.
    public var largeFCLR: Bool
    /// `SOLVER.FC_LR_TIMES`: classifier lr multiplier.
    public var fcLRTimes: Double
    /// `SOLVER.BIAS_LR_FACTOR`: lr multiplier for bias parameters.
    public var biasLRFactor: Int
    /// `SOLVER.MOMENTUM`: SGD momentum.
    public var momentum: Double
    /// `SOLVER.WEIGHT_DECAY`: weight decay.
    public var weightDecay: Double
    /// `SOLVER.WEIGHT_DECAY_BIAS`: weight decay of bias parameters.
    public var weightDecayBias: Double
    /// `SOLVER.LR_WARMUP_EPOCHS`: warmup length in epochs.
    public var lrWarmupEpochs: Int
    /// `SOLVER.LR_WARMUP_FACTOR`: warmup start factor.
    public var lrWarmupFactor: Double
    /// `SOLVER.LR_WARMUP_METHOD`: linear or constant.
    public var lrWarmupMethod: String
    /// `SOLVER.LR_DECAY_TYPE`: WarmupCosineAnnealingLR or WarmupMultiStepLR.
    public var lrDecayType: String
    /// `SOLVER.LR_DECAY_GAMMA`: multistep decay factor.
    public var lrDecayGamma: Double
    /// `SOLVER.LR_DECAY_STEPS`: multistep milestones; cosine uses the first as the flat-phase end.
    public var lrDecaySteps: [Int]
    /// `SOLVER.LR_DECAY_ETA_MIN_LR`: cosine floor.
    public var lrDecayEtaMinLR: Double
    /// `SOLVER.CHECKPOINT_PERIOD`: save and evaluate every N epochs.
    public var checkpointPeriod: Int
    /// `SOLVER.LOG_PERIOD`: unused upstream.
    public var logPeriod: Int
    /// `SOLVER.EVAL_PERIOD`: unused upstream (evaluation follows CHECKPOINT_PERIOD).
    public var evalPeriod: Int
    /// `SOLVER.SEED`: global seed.
    public var seed: Int
    /// `SOLVER.SKIP_NONFINITE_STEPS` (AIRS only): skip and count a step whose loss is not
    /// finite instead of stopping the run.
    public var skipNonFiniteSteps: Bool

    /// Reads every `SOLVER.*` key of `config`.
    public init(_ config: Config) throws(ConfigError) {
        trainer = try config.string("SOLVER.TRAINER")
        imagesPerBatch = try config.int("SOLVER.IMS_PER_BATCH")
        imagesPerDistillationBatch = try config.int("SOLVER.IMS_DISTILLATION_PER_BATCH")
        optimizerName = try config.string("SOLVER.OPTIMIZER_NAME")
        maxEpochs = try config.int("SOLVER.MAX_EPOCHS")
        baseLR = try config.double("SOLVER.BASE_LR")
        largeFCLR = try config.bool("SOLVER.LARGE_FC_LR")
        fcLRTimes = try config.double("SOLVER.FC_LR_TIMES")
        biasLRFactor = try config.int("SOLVER.BIAS_LR_FACTOR")
        momentum = try config.double("SOLVER.MOMENTUM")
        weightDecay = try config.double("SOLVER.WEIGHT_DECAY")
        weightDecayBias = try config.double("SOLVER.WEIGHT_DECAY_BIAS")
        lrWarmupEpochs = try config.int("SOLVER.LR_WARMUP_EPOCHS")
        lrWarmupFactor = try config.double("SOLVER.LR_WARMUP_FACTOR")
        lrWarmupMethod = try config.string("SOLVER.LR_WARMUP_METHOD")
        lrDecayType = try config.string("SOLVER.LR_DECAY_TYPE")
        lrDecayGamma = try config.double("SOLVER.LR_DECAY_GAMMA")
        lrDecaySteps = try config.ints("SOLVER.LR_DECAY_STEPS")
        lrDecayEtaMinLR = try config.double("SOLVER.LR_DECAY_ETA_MIN_LR")
        checkpointPeriod = try config.int("SOLVER.CHECKPOINT_PERIOD")
        logPeriod = try config.int("SOLVER.LOG_PERIOD")
        evalPeriod = try config.int("SOLVER.EVAL_PERIOD")
        seed = try config.int("SOLVER.SEED")
        skipNonFiniteSteps = try config.bool("SOLVER.SKIP_NONFINITE_STEPS")
    }
}

extension Config {
    /// The `SOLVER` section, typed.
    public var solver: SolverSettings {
        get throws(ConfigError) { try SolverSettings(self) }
    }
}

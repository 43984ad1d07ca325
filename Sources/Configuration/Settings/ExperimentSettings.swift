/// Loss and device settings (`EXPERIMENT.*`).
///
/// A typed view read from a resolved `Config`: reading it checks every key of the section
/// once, so a `None` or mistyped value stops a run before it starts, naming where it was set.
public struct ExperimentSettings: Sendable, Equatable {
    /// `EXPERIMENT.DEVICE`: device name (unused: AIRS runs on the CPU).
    public var device: String
    /// `EXPERIMENT.CUDA_AMP`: mixed-precision training upstream (AIRS trains in float32).
    public var cudaAMP: Bool
    /// `EXPERIMENT.DEVICE_ID`: CUDA_VISIBLE_DEVICES upstream (no effect).
    public var deviceID: String
    /// `EXPERIMENT.TRIPLET_METHOD`: triplet mining: batch_hard, batch_soft, batch_sample.
    public var tripletMethod: String
    /// `EXPERIMENT.TRIPLET_MARGIN`: triplet margin.
    public var tripletMargin: Double
    /// `EXPERIMENT.IF_LABELSMOOTH`: 'on': cross-entropy with label smoothing 0.1.
    public var ifLabelSmooth: String
    /// `EXPERIMENT.CE_LOSS_WEIGHT`: weight of the cross-entropy term.
    public var ceLossWeight: Double
    /// `EXPERIMENT.TRIPLET_LOSS_WEIGHT`: weight of the triplet term.
    public var tripletLossWeight: Double
    /// `EXPERIMENT.TEACHER_PRECISION` (AIRS only): fp32, or bf16 for the frozen teacher's
    /// forward and gallery embedding.
    public var teacherPrecision: String
    /// `EXPERIMENT.REPRODUCIBLE` (AIRS only): split-invariant weight gradients (Double sums
    /// over the batch), so that the run does not depend on how its batches are split.
    public var reproducible: Bool

    /// Reads every `EXPERIMENT.*` key of `config`.
    public init(_ config: Config) throws(ConfigError) {
        device = try config.string("EXPERIMENT.DEVICE")
        cudaAMP = try config.bool("EXPERIMENT.CUDA_AMP")
        deviceID = try config.string("EXPERIMENT.DEVICE_ID")
        tripletMethod = try config.string("EXPERIMENT.TRIPLET_METHOD")
        tripletMargin = try config.double("EXPERIMENT.TRIPLET_MARGIN")
        ifLabelSmooth = try config.string("EXPERIMENT.IF_LABELSMOOTH")
        ceLossWeight = try config.double("EXPERIMENT.CE_LOSS_WEIGHT")
        tripletLossWeight = try config.double("EXPERIMENT.TRIPLET_LOSS_WEIGHT")
        teacherPrecision = try config.string("EXPERIMENT.TEACHER_PRECISION")
        reproducible = try config.bool("EXPERIMENT.REPRODUCIBLE")
    }
}

extension Config {
    /// The `EXPERIMENT` section, typed.
    public var experiment: ExperimentSettings {
        get throws(ConfigError) { try ExperimentSettings(self) }
    }
}

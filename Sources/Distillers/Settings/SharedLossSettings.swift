/// The `EXPERIMENT` keys of the cross-entropy and triplet losses every trainer uses (spec §2).
public struct SharedLossSettings: MethodSettings, Equatable {
    /// The config section.
    public static let section = "EXPERIMENT"
    /// `EXPERIMENT.TRIPLET_METHOD`.
    public var tripletMining = TripletMining.batchHard
    /// `EXPERIMENT.TRIPLET_MARGIN`.
    public var tripletMargin = 0.3
    /// `EXPERIMENT.IF_LABELSMOOTH` (`'on'` gives ε = 0.1).
    public var labelSmoothing = true
    /// `EXPERIMENT.CE_LOSS_WEIGHT`.
    public var crossEntropyWeight = 1.0
    /// `EXPERIMENT.TRIPLET_LOSS_WEIGHT`.
    public var tripletWeight = 1.0
    /// Not a config key: upstream casts the triplet features to float32; turn off to keep float64.
    public var tripletInFloat32 = true

    /// The label-smoothing ε in use.
    public var smoothingEpsilon: Double { labelSmoothing ? 0.1 : 0 }

    /// Every key at its upstream default.
    public init() {}

    /// Reads the loss keys of `EXPERIMENT`; unknown keys and wrong types throw, naming the key.
    public init(_ source: any DistillerSettingsSource) throws {
        let reader = SettingsReader(source, section: Self.section)
        tripletMining = try TripletMining(name: reader.string("TRIPLET_METHOD", default: tripletMining.rawValue))
        tripletMargin = try reader.double("TRIPLET_MARGIN", default: tripletMargin)
        labelSmoothing = try reader.string("IF_LABELSMOOTH", default: "on") == "on"
        crossEntropyWeight = try reader.double("CE_LOSS_WEIGHT", default: crossEntropyWeight)
        tripletWeight = try reader.double("TRIPLET_LOSS_WEIGHT", default: tripletWeight)
        // Read elsewhere (device, AMP, the teacher's precision); listed so that they are not
        // reported as unknown.
        _ = try reader.string("DEVICE", default: "cuda")
        _ = try reader.bool("CUDA_AMP", default: true)
        _ = try reader.string("DEVICE_ID", default: "0")
        _ = try reader.string("TEACHER_PRECISION", default: "fp32")
        try reader.finish()
    }
}

/// The `EXPERIMENT` keys of the cross-entropy and triplet losses every trainer uses (spec §2).
public struct SharedLossSettings: MethodSettings, Equatable {
    /// The config section.
    public static let section = "EXPERIMENT"
    /// `EXPERIMENT.TRIPLET_METHOD`.
    public var tripletMining: TripletMining
    /// `EXPERIMENT.TRIPLET_MARGIN`.
    public var tripletMargin: Double
    /// `EXPERIMENT.IF_LABELSMOOTH` (`'on'` gives ε = 0.1).
    public var labelSmoothing: Bool
    /// `EXPERIMENT.CE_LOSS_WEIGHT`.
    public var crossEntropyWeight: Double
    /// `EXPERIMENT.TRIPLET_LOSS_WEIGHT`.
    public var tripletWeight: Double
    /// Not a config key: upstream casts the triplet features to float32; turn off to keep float64.
    public var tripletInFloat32 = true

    /// The label-smoothing ε in use.
    public var smoothingEpsilon: Double { labelSmoothing ? 0.1 : 0 }

    /// Reads the loss keys of `EXPERIMENT`; unknown keys and wrong types throw, naming the key.
    public init(_ source: any DistillerSettingsSource) throws {
        let reader = SettingsReader(source, section: Self.section)
        tripletMining = try TripletMining(name: reader.string("TRIPLET_METHOD"))
        tripletMargin = try reader.double("TRIPLET_MARGIN")
        labelSmoothing = try reader.string("IF_LABELSMOOTH") == "on"
        crossEntropyWeight = try reader.double("CE_LOSS_WEIGHT")
        tripletWeight = try reader.double("TRIPLET_LOSS_WEIGHT")
        // No effect in AIRS (ConfigSchema says why); not unknown either.
        for name in ["DEVICE", "CUDA_AMP", "DEVICE_ID"] { reader.skip(name) }
        // Read by the run (the frozen teacher's arithmetic, the gradients' sums), not by the losses.
        for name in ["TEACHER_PRECISION", "REPRODUCIBLE"] { reader.skip(name) }
        try reader.finish()
    }
}

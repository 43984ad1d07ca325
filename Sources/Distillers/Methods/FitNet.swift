import TensorEngine

/// FitNets hint loss (Romero et al., "FitNets: Hints for Thin Deep Nets", ICLR 2015): the mean
/// squared difference of the retrieval embeddings (no connector; the widths always match).
/// - Parameters: student, teacher: `[batch, dim]`.
public func fitNetLoss(student: Tensor, teacher: Tensor, settings: FitNet.Settings) throws -> Tensor {
    try requireMatchingFeatures(student, teacher, loss: "FitNet")
    return try (student - teacher.detached()).square().mean()
}

/// FitNet (`DISTILLER.TYPE: FitNet`, section `FITNET`).
public struct FitNet: DistillationMethod {
    /// `DISTILLER.TYPE`.
    public static let typeName = "FitNet"

    /// The `FITNET` section: upstream keys, upstream defaults.
    public struct Settings: MethodSettings, Equatable {
        /// The config section.
        public static let section = "FITNET"
        /// `FITNET.KD_WEIGHT`.
        public var kdWeight: Double
        /// Reads the section; unknown keys and wrong types throw, naming the key.
        public init(_ source: any DistillerSettingsSource) throws {
            let reader = SettingsReader(source, section: Self.section)
            kdWeight = try reader.double("KD_WEIGHT")
            try reader.finish()
        }
    }

    /// The settings in use.
    public let settings: Settings
    /// The method with `settings` (it needs nothing from the context).
    public init(settings: Settings, context: DistillerContext) { self.settings = settings }

    /// `KD_WEIGHT ·` the loss on the retrieval embeddings.
    public func distillationLoss(student: any NetworkOutputs, teacher: any NetworkOutputs, targets: [Int]) throws
        -> Tensor
    {
        try fitNetLoss(student: student.retrievalFeature, teacher: teacher.retrievalFeature, settings: settings)
            * settings.kdWeight
    }
}

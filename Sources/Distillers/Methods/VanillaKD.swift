import TensorEngine

/// Logit distillation (Hinton, Vinyals and Dean, "Distilling the Knowledge in a Neural
/// Network", 2015): `T² · KL(softmax(z_t/T) ‖ softmax(z_s/T))` summed over classes, mean over rows.
/// - Parameters:
///   - student: student logits `[batch, classes]`.
///   - teacher: teacher logits `[batch, classes]` (a constant).
public func vanillaKDLoss(student: Tensor, teacher: Tensor, settings: VanillaKD.Settings) throws -> Tensor {
    try requireMatchingFeatures(student, teacher, loss: "VanillaKD")
    let t = settings.temperature
    let teacherLog = try (teacher.detached() / t).logSoftmax(axis: 1)
    let studentLog = try (student / t).logSoftmax(axis: 1)
    // p·(log p − log q) with log p from logSoftmax, so a vanishing p gives 0 (xlogy).
    return try (teacherLog.exp() * (teacherLog - studentLog)).sum() * (t * t / Double(student.shape[0]))
}

/// VanillaKD (`DISTILLER.TYPE: VanillaKD`, section `VanillaKD`), on the logits.
public struct VanillaKD: DistillationMethod {
    /// `DISTILLER.TYPE`.
    public static let typeName = "VanillaKD"

    /// The `VanillaKD` section: upstream keys, upstream defaults.
    public struct Settings: MethodSettings, Equatable {
        /// The config section.
        public static let section = "VanillaKD"
        /// `VanillaKD.TEMPERATURE`.
        public var temperature: Double
        /// `VanillaKD.KD_WEIGHT`.
        public var kdWeight: Double
        /// Reads the section; unknown keys and wrong types throw, naming the key.
        public init(_ source: any DistillerSettingsSource) throws {
            let reader = SettingsReader(source, section: Self.section)
            temperature = try reader.double("TEMPERATURE")
            kdWeight = try reader.double("KD_WEIGHT")
            try reader.finish()
        }
    }

    /// The settings in use.
    public let settings: Settings
    /// The method with `settings` (it needs nothing from the context).
    public init(settings: Settings, context: DistillerContext) { self.settings = settings }

    /// `KD_WEIGHT ·` the loss on the logits.
    public func distillationLoss(student: any NetworkOutputs, teacher: any NetworkOutputs, targets: [Int]) throws
        -> Tensor
    {
        try vanillaKDLoss(student: student.logits, teacher: teacher.logits, settings: settings) * settings.kdWeight
    }
}

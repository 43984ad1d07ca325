import TensorEngine

/// Contextual similarity distillation (Wu et al., "Contextual Similarity Distillation for
/// Asymmetric Image Retrieval", CVPR 2022), upstream's online variant: for each student query,
/// KL between the teacher's top-k similarity distribution (temperature τg) and the student's
/// similarities to the same teacher neighbours (τq), summed and divided by the batch.
/// Similarities are float64 (after normalising in the input precision), as upstream.
/// - Parameters: student, teacher: `[batch, dim]`.
public func csdLoss(student: Tensor, teacher: Tensor, settings: CSD.Settings) throws -> Tensor {
    try requireMatchingFeatures(student, teacher, loss: "CSD")
    let batch = student.shape[0]
    // Upstream (distillers/CSD.py) silently uses all columns when TOPK > batch.
    let k = Swift.min(settings.topK, batch)
    let ranking = try teacherRanking(
        student: normalizedRows(student).cast(to: .float64),
        teacher: normalizedRows(teacher.detached()).cast(to: .float64), k: k)
    let teacherLog = try (ranking.teacher / settings.galleryTemperature).logSoftmax(axis: 1)
    let studentLog = try (ranking.student / settings.queryTemperature).logSoftmax(axis: 1)
    return try (teacherLog.exp() * (teacherLog - studentLog)).sum() / Double(batch)
}

/// CSD (`DISTILLER.TYPE: CSD`, section `CSD`).
public struct CSD: DistillationMethod {
    /// `DISTILLER.TYPE`.
    public static let typeName = "CSD"

    /// The `CSD` section: upstream keys, upstream defaults.
    public struct Settings: MethodSettings, Equatable {
        /// The config section.
        public static let section = "CSD"
        /// `CSD.TOPK`: neighbours per query (configs: 256, the batch).
        public var topK: Int
        /// `CSD.TEMPERATURE_QUERY` (τq, student side).
        public var queryTemperature: Double
        /// `CSD.TEMPERATURE_GALLERY` (τg, teacher side).
        public var galleryTemperature: Double
        /// `CSD.KD_WEIGHT`.
        public var kdWeight: Double
        /// Reads the section; unknown keys and wrong types throw, naming the key.
        public init(_ source: any DistillerSettingsSource) throws {
            let reader = SettingsReader(source, section: Self.section)
            topK = try reader.int("TOPK")
            queryTemperature = try reader.double("TEMPERATURE_QUERY")
            galleryTemperature = try reader.double("TEMPERATURE_GALLERY")
            kdWeight = try reader.double("KD_WEIGHT")
            try reader.finish()
            guard topK >= 1 else { throw reader.invalid("TOPK", "must be at least 1, not \(topK)") }
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
        try csdLoss(student: student.retrievalFeature, teacher: teacher.retrievalFeature, settings: settings)
            * settings.kdWeight
    }
}

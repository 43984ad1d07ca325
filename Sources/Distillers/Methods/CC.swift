import TensorEngine

/// Correlation congruence as upstream implements it (Peng et al., "Correlation Congruence for
/// Knowledge Distillation", ICCV 2019, cited): the product of the absolute residuals of
/// consecutive samples, `(1/(B−1)) Σ_b Σ_d |s−t|_{b,d} · |s−t|_{b+1,d}`.
/// - Parameters: student, teacher: `[batch, dim]`, batch ≥ 2.
public func ccLoss(student: Tensor, teacher: Tensor, settings: CC.Settings) throws -> Tensor {
    // Upstream (distillers/CC.py) multiplies consecutive rows, so the value depends on the batch
    // order; this is not the paper's kernel formulation, and it is matched on purpose.
    try requireMatchingFeatures(student, teacher, loss: "CC", minimumBatch: 2)
    let s = settings.normalize ? try normalizedRows(student) : student
    let t = settings.normalize ? try normalizedRows(teacher.detached()) : teacher.detached()
    let residual = try (s - t).abs()
    let batch = residual.shape[0]
    let products = try residual.slice(axis: 0, 0..<(batch - 1)) * residual.slice(axis: 0, 1..<batch)
    return try products.sum(axis: 1).mean()
}

/// CC (`DISTILLER.TYPE: CC`, section `CC`).
public struct CC: DistillationMethod {
    /// `DISTILLER.TYPE`.
    public static let typeName = "CC"

    /// The `CC` section: upstream keys, upstream defaults.
    public struct Settings: MethodSettings, Equatable {
        /// The config section.
        public static let section = "CC"
        /// `CC.KD_WEIGHT`.
        public var kdWeight: Double
        /// `CC.NORMALIZE`: L2-normalise both embeddings first.
        public var normalize: Bool
        /// Reads the section; unknown keys and wrong types throw, naming the key.
        public init(_ source: any DistillerSettingsSource) throws {
            let reader = SettingsReader(source, section: Self.section)
            kdWeight = try reader.double("KD_WEIGHT")
            normalize = try reader.bool("NORMALIZE")
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
        try ccLoss(student: student.retrievalFeature, teacher: teacher.retrievalFeature, settings: settings)
            * settings.kdWeight
    }
}

import TensorEngine

/// Probabilistic knowledge transfer (Passalis and Tefas, "Learning Deep Representations with
/// Probabilistic Knowledge Transfer", ECCV 2018): KL divergence between the row-stochastic
/// cosine-similarity kernels of teacher and student, mean over all `batch²` entries.
/// - Parameters: student, teacher: `[batch, dim]`.
public func pktLoss(student: Tensor, teacher: Tensor, settings: PKT.Settings) throws -> Tensor {
    try requireMatchingFeatures(student, teacher, loss: "PKT")
    let eps = PKT.epsilon
    func kernel(_ x: Tensor) throws -> Tensor {
        // Upstream (distillers/PKT.py) adds eps to the norm rather than clamping it, then zeroes NaNs.
        let unit = try x / (x.norm(axis: 1, keepingDimensions: true) + eps)
        let clean = try unit.replacing(where: 1 - unit.equalMask(unit), with: Tensor.zeros([], dtype: unit.dtype))
        let similarity = try (clean.matmul(clean.transposed()) + 1) / 2
        return try similarity / similarity.sum(axis: 1, keepingDimensions: true)
    }
    let target = try kernel(teacher.detached())
    let model = try kernel(student)
    return try (target * ((target + eps) / (model + eps)).log()).mean()
}

/// PKT (`DISTILLER.TYPE: PKT`, section `PKT`).
public struct PKT: DistillationMethod {
    /// `DISTILLER.TYPE`.
    public static let typeName = "PKT"
    /// The `eps` added to norms and probabilities (upstream constant).
    public static let epsilon = 1e-7

    /// The `PKT` section: upstream keys, upstream defaults.
    public struct Settings: MethodSettings, Equatable {
        /// The config section.
        public static let section = "PKT"
        /// `PKT.KD_WEIGHT` (the raw loss is about 1e-3).
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
        try pktLoss(student: student.retrievalFeature, teacher: teacher.retrievalFeature, settings: settings)
            * settings.kdWeight
    }
}

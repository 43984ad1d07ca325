import TensorEngine

/// Rank-order preservation (upstream's ROP loss): for the teacher's top-k neighbours of each
/// query, a squared difference between the teacher's pairwise order indicator (a sigmoid with
/// τ = 1e-6) and the student's soft order (τ), weighted by a rank-position softmax. Float64,
/// as upstream.
/// - Parameters: student, teacher: `[batch, dim]` with `TOPK ≤ batch`.
public func ropLoss(student: Tensor, teacher: Tensor, settings: ROP.Settings) throws -> Tensor {
    try requireMatchingFeatures(student, teacher, loss: "ROP")
    let batch = student.shape[0]
    let k = settings.topK
    // Upstream (distillers/ROP.py) crashes with a shape mismatch when TOPK > batch.
    guard k <= batch else {
        throw DistillerError.shapeMismatch(
            loss: "ROP", message: "ROP.TOPK = \(k) exceeds the distillation batch of \(batch); lower ROP.TOPK")
    }
    let ranking = try teacherRanking(
        student: normalizedRows(student).cast(to: .float64),
        teacher: normalizedRows(teacher.detached()).cast(to: .float64), k: k)
    // The positional factor i + 1 grows with rank; upstream behaviour.
    let positions = try (Tensor.arange(k, dtype: .float64) + 1).reshaped([1, k])
    let weights = try (ranking.teacher * settings.rankWeight).softmax(axis: 1) * positions
    return try rankOrderTerm(
        teacher: ranking.teacher, student: ranking.student, weights: weights,
        teacherTemperature: ROP.teacherTemperature, temperature: settings.temperature)
}

/// ROP (`DISTILLER.TYPE: ROP`, section `ROP`).
public struct ROP: DistillationMethod {
    /// `DISTILLER.TYPE`.
    public static let typeName = "ROP"
    /// The temperature of the teacher's order indicator (upstream constant).
    public static let teacherTemperature = 1e-6

    /// The `ROP` section: upstream keys, upstream defaults.
    public struct Settings: MethodSettings, Equatable {
        /// The config section.
        public static let section = "ROP"
        /// `ROP.TOPK`: neighbours per query; must not exceed the distillation batch.
        public var topK: Int
        /// `ROP.TEMPERATURE` of the student's soft order.
        public var temperature: Double
        /// `ROP.RANK_WEIGHT`: scale of the rank-position softmax.
        public var rankWeight: Double
        /// `ROP.KD_WEIGHT`.
        public var kdWeight: Double
        /// Reads the section; unknown keys and wrong types throw, naming the key.
        public init(_ source: any DistillerSettingsSource) throws {
            let reader = SettingsReader(source, section: Self.section)
            topK = try reader.int("TOPK")
            temperature = try reader.double("TEMPERATURE")
            rankWeight = try reader.double("RANK_WEIGHT")
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
        try ropLoss(student: student.retrievalFeature, teacher: teacher.retrievalFeature, settings: settings)
            * settings.kdWeight
    }
}

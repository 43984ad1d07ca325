import TensorEngine

/// The two terms of RKD, unweighted.
public struct RKDTerms {
    /// `L_d`: smooth-L1 between mean-normalised pairwise distances.
    public var distance: Tensor
    /// `L_a`: smooth-L1 between the angles (cosines) `[batch, batch, batch]`, averaged
    /// (computed without materialising them: `rkdAngleTerm`).
    public var angle: Tensor
}

/// Relational knowledge distillation (Park et al., "Relational Knowledge Distillation",
/// CVPR 2019): distance and angle terms, `w_d·L_d + w_a·L_a`.
/// - Parameters: student, teacher: `[batch, dim]`.
public func rkdLoss(student: Tensor, teacher: Tensor, settings: RKD.Settings) throws -> Tensor {
    let terms = try rkdTerms(student: student, teacher: teacher, settings: settings)
    return try terms.distance * settings.distanceWeight + terms.angle * settings.angleWeight
}

/// The distance and angle terms of `rkdLoss`.
public func rkdTerms(student: Tensor, teacher: Tensor, settings: RKD.Settings) throws -> RKDTerms {
    try requireMatchingFeatures(student, teacher, loss: "RKD")
    let t = teacher.detached()
    func normalizedDistances(_ e: Tensor) throws -> Tensor {
        let squares = try e.square().sum(axis: 1, keepingDimensions: true)
        var d = try (squares + squares.transposed() - e.matmul(e.transposed()) * 2).clamped(min: settings.epsilon)
        if !settings.squared { d = d.sqrt() }
        let offDiagonal = try 1 - Tensor.eye(e.shape[0], dtype: e.dtype)
        d = try d * offDiagonal
        let positive = try d.greaterMask(0)
        return try d / ((d * positive).sum() / positive.sum())
    }
    return RKDTerms(
        distance: try huber(normalizedDistances(student) - normalizedDistances(t)).mean(),
        angle: try rkdAngleTerm(student: student, teacher: t))
}

/// RKD (`DISTILLER.TYPE: RKD`, section `RKD`).
public struct RKD: DistillationMethod {
    /// `DISTILLER.TYPE`.
    public static let typeName = "RKD"

    /// The `RKD` section: upstream keys, upstream defaults.
    public struct Settings: MethodSettings, Equatable {
        /// The config section.
        public static let section = "RKD"
        /// `RKD.DISTANCE_WEIGHT`.
        public var distanceWeight: Double
        /// `RKD.ANGLE_WEIGHT`.
        public var angleWeight: Double
        /// `RKD.KD_WEIGHT`.
        public var kdWeight: Double
        /// `RKD.PDIST.EPSILON`: clamp of the squared distances.
        public var epsilon: Double
        /// `RKD.PDIST.SQUARED`: compare squared distances.
        public var squared: Bool
        /// Reads the section; unknown keys and wrong types throw, naming the key.
        public init(_ source: any DistillerSettingsSource) throws {
            let reader = SettingsReader(source, section: Self.section)
            distanceWeight = try reader.double("DISTANCE_WEIGHT")
            angleWeight = try reader.double("ANGLE_WEIGHT")
            kdWeight = try reader.double("KD_WEIGHT")
            epsilon = try reader.double("PDIST.EPSILON")
            squared = try reader.bool("PDIST.SQUARED")
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
        let s = try student.retrievalFeature.flattened(from: 1)
        let t = try teacher.retrievalFeature.flattened(from: 1)
        return try rkdLoss(student: s, teacher: t, settings: settings) * settings.kdWeight
    }
}

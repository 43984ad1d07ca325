import TensorEngine

/// The three terms of RAML, unweighted.
public struct RAMLTerms {
    /// `(1/B) Σ_i (1 − ŝ_i·t̂_i + eps)²`.
    public var absolute: Tensor
    /// Off-diagonal `(ŝt̂ᵀ − t̂t̂ᵀ + eps)²` mean.
    public var relativeTeacherStudent: Tensor
    /// Off-diagonal `(ŝŝᵀ − t̂t̂ᵀ + eps)²` mean.
    public var relativeStudentStudent: Tensor
}

/// RAML's second-order loss (asymmetric metric learning, Budnik and Avrithis, "Asymmetric
/// Metric Learning for Knowledge Transfer", CVPR 2021): absolute plus two relational terms.
/// - Parameters: student, teacher: `[batch, dim]`, batch ≥ 2 for the relational terms.
public func ramlLoss(student: Tensor, teacher: Tensor, settings: RAML.Settings) throws -> Tensor {
    let terms = try ramlTerms(student: student, teacher: teacher)
    var loss = terms.absolute
    // Each relational term is skipped (not multiplied by 0) when its λ is 0, as upstream.
    if settings.lambdaTeacherStudent != 0 {
        loss = try loss + terms.relativeTeacherStudent * settings.lambdaTeacherStudent
    }
    if settings.lambdaStudentStudent != 0 {
        loss = try loss + terms.relativeStudentStudent * settings.lambdaStudentStudent
    }
    return loss
}

/// The absolute and relational terms of `ramlLoss`.
public func ramlTerms(student: Tensor, teacher: Tensor) throws -> RAMLTerms {
    try requireMatchingFeatures(student, teacher, loss: "RAML", minimumBatch: 2)
    let eps = RAML.epsilon
    let s = try normalizedRows(student)
    let t = try normalizedRows(teacher.detached())
    let absolute = try (1 - (s * t).sum(axis: 1) + eps).square().mean()
    let batch = s.shape[0]
    let offDiagonal = try 1 - Tensor.eye(batch, dtype: s.dtype)
    let teacherGram = try t.matmul(t.transposed())
    func off(_ a: Tensor) throws -> Tensor {
        try ((a - teacherGram + eps).square() * offDiagonal).sum() / Double(batch * (batch - 1))
    }
    return RAMLTerms(
        absolute: absolute, relativeTeacherStudent: try off(s.matmul(t.transposed())),
        relativeStudentStudent: try off(s.matmul(s.transposed())))
}

/// RAML (`DISTILLER.TYPE: RAML`, section `RAML`).
public struct RAML: DistillationMethod {
    /// `DISTILLER.TYPE`.
    public static let typeName = "RAML"
    /// The `eps` inside each square (upstream constant).
    public static let epsilon = 1e-6

    /// The `RAML` section: upstream keys, upstream defaults.
    public struct Settings: MethodSettings, Equatable {
        /// The config section.
        public static let section = "RAML"
        /// `RAML.LAMBDA1`.
        public var lambda1: Double
        /// `RAML.LAMBDA2`: read but unused unless `useLambda2` is on.
        public var lambda2: Double
        /// `RAML.KD_WEIGHT`.
        public var kdWeight: Double
        /// Not a config key: use LAMBDA2 for the student–student term. Upstream
        /// (distillers/RAML.py) passes LAMBDA1 for both, so this is off by default.
        public var useLambda2 = false

        /// The weight of the teacher–student term (λ1).
        public var lambdaTeacherStudent: Double { lambda1 }
        /// The weight of the student–student term (λ1 as upstream, λ2 with `useLambda2`).
        public var lambdaStudentStudent: Double { useLambda2 ? lambda2 : lambda1 }

        /// Reads the section; unknown keys and wrong types throw, naming the key.
        public init(_ source: any DistillerSettingsSource) throws {
            let reader = SettingsReader(source, section: Self.section)
            lambda1 = try reader.double("LAMBDA1")
            lambda2 = try reader.double("LAMBDA2")
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
        try ramlLoss(student: student.retrievalFeature, teacher: teacher.retrievalFeature, settings: settings)
            * settings.kdWeight
    }
}

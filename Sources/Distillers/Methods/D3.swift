import TensorEngine

/// The terms of D3still, each already multiplied by α, β or γ.
public struct D3Terms {
    /// `α · ‖V₀ − Sa₀‖₂ / B`: the top-1 (self) similarity term.
    public var feature: Tensor
    /// `β · mean_b ‖H ⊙ R‖₂ / (K − 1)`: pairs whose order the student gets wrong.
    public var hard: Tensor
    /// `γ · mean_b ‖E ⊙ R‖₂ / (K − 1)`: pairs whose order the student gets right.
    public var simple: Tensor
    /// How many pairs are hard / simple (diagonal pairs are neither).
    public var hardPairCount: Int
    /// How many pairs are simple.
    public var simplePairCount: Int

    /// `feature + hard + simple`.
    public func total() throws -> Tensor { try feature + hard + simple }
}

/// Decoupled differential distillation, D3still (Xie et al., "D3still: Decoupled Differential
/// Distillation for Asymmetric Image Retrieval", CVPR 2024). Float64 after normalising, as
/// upstream. - Parameters: student, teacher: `[batch, dim]`.
public func d3stillLoss(student: Tensor, teacher: Tensor, settings: D3.Settings) throws -> Tensor {
    try d3stillTerms(student: student, teacher: teacher, settings: settings).total()
}

/// The three weighted terms of `d3stillLoss` and the pair counts.
public func d3stillTerms(student: Tensor, teacher: Tensor, settings: D3.Settings) throws -> D3Terms {
    try requireMatchingFeatures(student, teacher, loss: "D3")
    let batch = student.shape[0]
    let k = settings.topK
    guard k >= 2 else {
        throw DistillerError.shapeMismatch(loss: "D3", message: "D3.TOPK must be at least 2, not \(k)")
    }
    let ranking = try teacherRanking(
        student: normalizedRows(student).cast(to: .float64),
        teacher: normalizedRows(teacher.detached()).cast(to: .float64), k: batch)
    let v = ranking.teacher
    let sa = ranking.student
    let top = try v.select(axis: 1, index: 0) - sa.select(axis: 1, index: 0)
    let feature = try top.norm(axis: 0) * (settings.alpha / Double(batch))

    // Ranks 1..K−1; K > batch uses batch − 1 columns but still divides by K − 1 (upstream D3.py).
    let width = Swift.min(k, batch) - 1
    func differences(_ x: Tensor) throws -> Tensor {
        let ranked = try x.slice(axis: 1, 1..<(width + 1))
        return try (ranked.unsqueezed(1) - ranked.unsqueezed(2)).reshaped([batch, width * width])
    }
    let rawTeacher = try differences(v)
    // Exact zeros (the diagonal, teacher ties) become 1, also inside R (upstream D3.py).
    let dt = try rawTeacher.replacing(where: rawTeacher.equalMask(0), with: Tensor.ones([], dtype: .float64))
    let ds = try differences(sa)
    // Upstream also sets Δs := 1 where Δs == 0, after r is taken; r is 0 there, so neither mask
    // keeps those pairs and the replacement changes nothing: omitted.
    let ratio = try ds.detached() / dt
    let hardMask = try ratio.lessMask(0)
    let simpleMask = try ratio.greaterMask(0)
    let relative = try (ds - dt) / (dt.abs() + 0.1)
    let scale = 1 / Double(k - 1)
    let hard = try (hardMask * relative).norm(axis: 1).mean() * (settings.beta * scale)
    let simple = try (simpleMask * relative).norm(axis: 1).mean() * (settings.gamma * scale)
    return D3Terms(
        feature: feature, hard: hard, simple: simple,
        hardPairCount: Int(try hardMask.sum().item()), simplePairCount: Int(try simpleMask.sum().item()))
}

/// D3still (`DISTILLER.TYPE: D3`, section `D3`).
public struct D3: DistillationMethod {
    /// `DISTILLER.TYPE`.
    public static let typeName = "D3"

    /// The `D3` section: upstream keys, upstream defaults.
    public struct Settings: MethodSettings, Equatable {
        /// The config section.
        public static let section = "D3"
        /// `D3.TOPK` (≥ 2): neighbours whose order is distilled, including the top-1.
        public var topK: Int
        /// `D3.ALPHA`: weight of the top-1 feature term.
        public var alpha: Double
        /// `D3.BETA`: weight of the hard (mis-ordered) pairs.
        public var beta: Double
        /// `D3.GAMMA`: weight of the simple (well-ordered) pairs.
        public var gamma: Double
        /// `D3.KD_WEIGHT`.
        public var kdWeight: Double
        /// Reads the section; unknown keys and wrong types throw, naming the key.
        public init(_ source: any DistillerSettingsSource) throws {
            let reader = SettingsReader(source, section: Self.section)
            topK = try reader.int("TOPK")
            alpha = try reader.double("ALPHA")
            beta = try reader.double("BETA")
            gamma = try reader.double("GAMMA")
            kdWeight = try reader.double("KD_WEIGHT")
            try reader.finish()
            // TOPK = 1 divides by zero (NaN upstream).
            guard topK >= 2 else { throw reader.invalid("TOPK", "must be at least 2, not \(topK)") }
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
        try d3stillLoss(student: student.retrievalFeature, teacher: teacher.retrievalFeature, settings: settings)
            * settings.kdWeight
    }
}

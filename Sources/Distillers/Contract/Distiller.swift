import TensorEngine

/// Upstream's distiller: the student's cross-entropy and triplet losses on the main batch plus
/// one method's `loss_kd` on the distillation batch (spec §2.3).
public struct Distiller {
    /// The `EXPERIMENT` loss settings.
    public var shared: SharedLossSettings
    /// The distillation method (Vanilla for `DISTILLER.TYPE: NONE`).
    public var method: any DistillationMethod

    /// A distiller from explicit parts.
    public init(shared: SharedLossSettings, method: any DistillationMethod) {
        self.shared = shared
        self.method = method
    }

    /// The distiller named by `DISTILLER.TYPE`, its sections read from `source`.
    public init(type: String, source: any DistillerSettingsSource, context: DistillerContext = DistillerContext())
        throws
    {
        try self.init(
            shared: SharedLossSettings(source), method: DistillerRegistry.make(type, source: source, context: context))
    }

    /// Whether retrieval's gallery side uses the teacher (`forward_gallery`); Vanilla uses the student.
    public var galleryUsesTeacher: Bool { type(of: method).usesTeacher }

    /// The query embedding at test time (`forward_query`): the student's retrieval feature.
    public func queryFeature(student: any NetworkOutputs) -> Tensor { student.retrievalFeature }

    /// The gallery embedding at test time (`forward_gallery`): the teacher's retrieval feature,
    /// or the student's for Vanilla.
    public func galleryFeature(student: any NetworkOutputs, teacher: (any NetworkOutputs)?) throws -> Tensor {
        guard galleryUsesTeacher else { return student.retrievalFeature }
        guard let teacher else {
            throw DistillerError.missingInput(loss: "gallery features", input: "the teacher's outputs")
        }
        return teacher.retrievalFeature
    }

    /// The losses of one step.
    /// - Parameters:
    ///   - student: the student on the main batch (`logits`, `pooledFeature`).
    ///   - targets: the main batch's labels.
    ///   - distillationStudent: the student on the distillation batch (nil for Vanilla).
    ///   - teacher: the frozen teacher on the distillation batch (nil for Vanilla).
    ///   - distillationTargets: the distillation batch's labels (`kd_target`).
    ///   - generator: draws `batch_sample` triplets.
    public func losses(
        student: any NetworkOutputs, targets: [Int],
        distillationStudent: (any NetworkOutputs)? = nil, teacher: (any NetworkOutputs)? = nil,
        distillationTargets: [Int] = [], generator: inout RandomGenerator
    ) throws -> DistillerLosses {
        let ce = try crossEntropyLoss(logits: student.logits, targets: targets, labelSmoothing: shared.smoothingEpsilon)
        let features = shared.tripletInFloat32 ? student.pooledFeature.cast(to: .float32) : student.pooledFeature
        let triplet = try tripletLoss(
            features: features, labels: targets, mining: shared.tripletMining,
            margin: shared.tripletMargin, generator: &generator
        ).loss
        let kd: Tensor
        if type(of: method).usesTeacher {
            guard let distillationStudent else {
                throw DistillerError.missingInput(loss: "distiller", input: "the student's distillation-batch outputs")
            }
            guard let teacher else {
                throw DistillerError.missingInput(loss: "distiller", input: "the teacher's outputs")
            }
            kd = try method.distillationLoss(
                student: distillationStudent, teacher: teacher, targets: distillationTargets)
        } else {
            kd = Tensor.zeros([], dtype: student.logits.dtype)
        }
        return DistillerLosses(
            crossEntropy: try ce * shared.crossEntropyWeight, triplet: try triplet * shared.tripletWeight,
            distillation: kd, logits: student.logits)
    }
}

import TensorEngine

/// No distillation (`DISTILLER.TYPE: NONE`): one network trained with cross-entropy and triplet
/// losses alone; it is both the query and the gallery network.
public struct Vanilla: DistillationMethod {
    /// `DISTILLER.TYPE`.
    public static let typeName = "NONE"
    /// Vanilla trains without a teacher.
    public static let usesTeacher = false

    /// Vanilla has no section of its own.
    public struct Settings: MethodSettings, Equatable {
        /// The config section.
        public static let section = "NONE"
        /// Reads nothing: Vanilla has no keys.
        public init(_ source: any DistillerSettingsSource) throws {}
    }

    /// The settings in use.
    public let settings: Settings
    /// The method with `settings` (it needs nothing from the context).
    public init(settings: Settings, context: DistillerContext) { self.settings = settings }

    /// Always 0; upstream returns `tensor([0.0])` of shape `[1]` (vanilla trainer), here a scalar.
    public func distillationLoss(student: any NetworkOutputs, teacher: any NetworkOutputs, targets: [Int]) throws
        -> Tensor
    {
        Tensor.zeros([], dtype: student.logits.dtype)
    }
}

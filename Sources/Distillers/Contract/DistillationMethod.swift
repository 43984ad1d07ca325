import NeuralNetwork
import TensorEngine

/// One distillation method: typed settings, any learnable modules, and `loss_kd`.
///
/// Conforming is all a new method needs besides one line in `DistillerRegistry.all` (see
/// the module README).
public protocol DistillationMethod {
    /// The method's settings, read from its config section.
    associatedtype Settings: MethodSettings

    /// The upstream `DISTILLER.TYPE` name (`"D3"`).
    static var typeName: String { get }
    /// Whether the method needs a teacher (only Vanilla does not); the gallery side of
    /// retrieval then uses the teacher's embedding.
    static var usesTeacher: Bool { get }
    /// Whether `distillationLoss` reads `stageFeatures` (UGD): data-parallel training then
    /// gathers the stage maps from every rank as well.
    static var usesStageFeatures: Bool { get }

    /// The settings in use.
    var settings: Settings { get }

    /// A method from its settings and what it needs to know about the networks.
    init(settings: Settings, context: DistillerContext) throws

    /// Modules the method adds (UGD's projectors), by state-dict name: their parameters are
    /// trained by the run's optimizer and their state saved with the run.
    var modules: [(name: String, module: any Module)] { get }

    /// `loss_kd`, already multiplied by the section's `KD_WEIGHT`, for one distillation batch.
    /// `targets` are the distillation batch's labels (only UGD reads them).
    func distillationLoss(student: any NetworkOutputs, teacher: any NetworkOutputs, targets: [Int]) throws -> Tensor
}

extension DistillationMethod {
    /// Every method but Vanilla distils from a teacher.
    public static var usesTeacher: Bool { true }
    /// Most methods read only the embeddings and logits.
    public static var usesStageFeatures: Bool { false }
    /// The config section the method's settings are read from (`"D3"`, `"FITNET"`).
    public static var settingsSection: String { Settings.section }

    /// Most methods add no modules.
    public var modules: [(name: String, module: any Module)] { [] }

    /// The modules' learnable parameters, named `<module>.<parameter>` (`projector.bn1.weight`).
    public var namedParameters: [(name: String, parameter: Parameter)] {
        modules.flatMap { $0.module.namedParameters(prefix: $0.name + ".") }
    }

    /// The modules' parameters and buffers, named as `namedParameters`.
    public var stateEntries: [StateEntry] {
        modules.flatMap { $0.module.stateEntries(prefix: $0.name + ".") }
    }

    /// A method whose settings are read from `source` (its own section only).
    public init(source: any DistillerSettingsSource, context: DistillerContext = DistillerContext()) throws {
        try self.init(settings: Settings(source), context: context)
    }
}

/// Typed settings of one config section. Their defaults are `ConfigSchema`'s, read through
/// `SettingsReader`: the schema is the one place a default is written.
public protocol MethodSettings: Sendable {
    /// The upstream section name (`"D3"`, `"FITNET"`).
    static var section: String { get }
    /// Reads the section from `source`; unknown keys and wrong types throw, naming the key.
    init(_ source: any DistillerSettingsSource) throws
}

extension MethodSettings {
    /// Every key at its default (`ConfigSchema`).
    public static var defaults: Self {
        get throws { try Self([String: SettingValue]()) }
    }
}

/// What a method may need to know beyond its own section.
public struct DistillerContext {
    /// `DISTILLER.STUDENT_NAME` (UGD's channel table).
    public var studentName: String
    /// `INPUT.STUDENT_SIZE_TRAIN` as `[height, width]` (UGD's grid size).
    public var studentInputSize: [Int]
    /// The teacher's classifier head (UGD applies it to pooled cells).
    public var teacherHead: (any ClassifierHead)?
    /// Seed for parameter initialisation.
    public var seed: UInt64

    /// A context; the defaults are upstream's (`ResNet18`, `[64, 64]`, seed 2024).
    public init(
        studentName: String = "ResNet18", studentInputSize: [Int] = [64, 64],
        teacherHead: (any ClassifierHead)? = nil, seed: UInt64 = 2024
    ) {
        self.studentName = studentName
        self.studentInputSize = studentInputSize
        self.teacherHead = teacherHead
        self.seed = seed
    }
}

/// The method and the two networks (`DISTILLER.*`).
///
/// A typed view read from a resolved `Config`: reading it checks every key of the section
/// once, so a `None` or mistyped value stops a run before it starts, naming where it was set.
public struct DistillerSettings: Sendable, Equatable {
    /// `DISTILLER.TYPE`: NONE (Vanilla), VanillaKD, FitNet, CC, RKD, PKT, CSD, ROP, RAML, D3, UGD.
    public var type: String
    /// `DISTILLER.TEACHER_NAME`: gallery network.
    public var teacherName: String
    /// `DISTILLER.TEACHER_LAST_STRIDE`: layer4 stride of a ResNet teacher.
    public var teacherLastStride: Int
    /// `DISTILLER.TEACHER_MODEL_PATH`: teacher weights (required for KD training).
    public var teacherModelPath: String
    /// `DISTILLER.STUDENT_NAME`: query network.
    public var studentName: String
    /// `DISTILLER.STUDENT_LAST_STRIDE`: layer4 (ResNet) / block-9 (MobileNetV3) stride of the student.
    public var studentLastStride: Int
    /// `DISTILLER.STUDENT_PRETRAIN_CHOICE`: the student starts from ImageNet weights (upstream
    /// ignores the key and always does); false starts from random weights.
    public var studentPretrainChoice: Bool
    /// `DISTILLER.STUDENT_PRETRAIN_PATH`: local ImageNet weights for the student.
    public var studentPretrainPath: String

    /// Reads every `DISTILLER.*` key of `config`.
    public init(_ config: Config) throws(ConfigError) {
        type = try config.string("DISTILLER.TYPE")
        teacherName = try config.string("DISTILLER.TEACHER_NAME")
        teacherLastStride = try config.int("DISTILLER.TEACHER_LAST_STRIDE")
        teacherModelPath = try config.string("DISTILLER.TEACHER_MODEL_PATH")
        studentName = try config.string("DISTILLER.STUDENT_NAME")
        studentLastStride = try config.int("DISTILLER.STUDENT_LAST_STRIDE")
        studentPretrainChoice = try config.bool("DISTILLER.STUDENT_PRETRAIN_CHOICE")
        studentPretrainPath = try config.string("DISTILLER.STUDENT_PRETRAIN_PATH")
    }
}

extension Config {
    /// The `DISTILLER` section, typed.
    public var distiller: DistillerSettings {
        get throws(ConfigError) { try DistillerSettings(self) }
    }
}

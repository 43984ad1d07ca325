/// Image sizes, padding, augmentation and normalisation (`INPUT.*`); sizes are `[H, W]`.
///
/// A typed view read from a resolved `Config`: reading it checks every key of the section
/// once, so a `None` or mistyped value stops a run before it starts, naming where it was set.
public struct InputSettings: Sendable, Equatable {
    /// `INPUT.STUDENT_SIZE_TRAIN`: student train size [H, W].
    public var studentSizeTrain: [Int]
    /// `INPUT.STUDENT_SIZE_TEST`: query (and Vanilla gallery) test size [H, W].
    public var studentSizeTest: [Int]
    /// `INPUT.STUDENT_PADDING`: student train padding.
    public var studentPadding: Int
    /// `INPUT.TEACHER_SIZE_TRAIN`: teacher view of distillation batches [H, W].
    public var teacherSizeTrain: [Int]
    /// `INPUT.TEACHER_SIZE_TEST`: gallery test size in KD runs [H, W].
    public var teacherSizeTest: [Int]
    /// `INPUT.TEACHER_PADDING`: teacher train padding.
    public var teacherPadding: Int
    /// `INPUT.PROB`: horizontal-flip probability.
    public var flipProbability: Double
    /// `INPUT.RE_PROB`: random-erasing probability (0 disables it).
    public var randomErasingProbability: Double
    /// `INPUT.PIXEL_MEAN`: normalisation mean (also the erasing fill).
    public var pixelMean: [Double]
    /// `INPUT.PIXEL_STD`: normalisation std.
    public var pixelStd: [Double]

    /// Reads every `INPUT.*` key of `config`.
    public init(_ config: Config) throws(ConfigError) {
        studentSizeTrain = try config.ints("INPUT.STUDENT_SIZE_TRAIN")
        studentSizeTest = try config.ints("INPUT.STUDENT_SIZE_TEST")
        studentPadding = try config.int("INPUT.STUDENT_PADDING")
        teacherSizeTrain = try config.ints("INPUT.TEACHER_SIZE_TRAIN")
        teacherSizeTest = try config.ints("INPUT.TEACHER_SIZE_TEST")
        teacherPadding = try config.int("INPUT.TEACHER_PADDING")
        flipProbability = try config.double("INPUT.PROB")
        randomErasingProbability = try config.double("INPUT.RE_PROB")
        pixelMean = try config.doubles("INPUT.PIXEL_MEAN")
        pixelStd = try config.doubles("INPUT.PIXEL_STD")
    }
}

extension Config {
    /// The `INPUT` section, typed.
    public var input: InputSettings {
        get throws(ConfigError) { try InputSettings(self) }
    }
}

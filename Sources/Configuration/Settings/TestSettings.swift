/// Evaluation settings (`TEST.*`).
///
/// A typed view read from a resolved `Config`: reading it checks every key of the section
/// once, so a `None` or mistyped value stops a run before it starts, naming where it was set.
public struct TestSettings: Sendable, Equatable {
    /// `TEST.IMS_PER_BATCH`: test batch size.
    public var imagesPerBatch: Int
    /// `TEST.FLIP_FEATS`: 'on': add the features of flipped images.
    public var flipFeats: String
    /// `TEST.WEIGHT`: epoch of the checkpoint the test command loads.
    public var weight: Int
    /// `TEST.TEST_METRIC`: cosine or euclidean.
    public var testMetric: String
    /// `TEST.RE_RANKING`: k-reciprocal re-ranking.
    public var reRanking: Bool
    /// `TEST.RE_RANKING_PARAMETER`: re-ranking k1, k2, lambda.
    public var reRankingParameters: [Double]

    /// Reads every `TEST.*` key of `config`.
    public init(_ config: Config) throws(ConfigError) {
        imagesPerBatch = try config.int("TEST.IMS_PER_BATCH")
        flipFeats = try config.string("TEST.FLIP_FEATS")
        weight = try config.int("TEST.WEIGHT")
        testMetric = try config.string("TEST.TEST_METRIC")
        reRanking = try config.bool("TEST.RE_RANKING")
        reRankingParameters = try config.doubles("TEST.RE_RANKING_PARAMETER")
    }
}

extension Config {
    /// The `TEST` section, typed.
    public var test: TestSettings {
        get throws(ConfigError) { try TestSettings(self) }
    }
}

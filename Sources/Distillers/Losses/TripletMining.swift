/// How the triplet loss picks each anchor's positive and negative (`EXPERIMENT.TRIPLET_METHOD`).
public enum TripletMining: String, CaseIterable, Sendable {
    /// Farthest positive and nearest negative; hinge loss with the margin.
    case batchHard = "batch_hard"
    /// Softmax-weighted positive and softmin-weighted negative distances; soft-margin loss
    /// (the margin is ignored, as upstream).
    case batchSoft = "batch_soft"
    /// One positive and one negative drawn from the same softmax weights; hinge loss.
    case batchSample = "batch_sample"

    /// The mining method named `name` (upstream spelling); an unknown name lists the valid ones.
    public init(name: String) throws {
        guard let mining = TripletMining(rawValue: name) else {
            throw DistillerError.unknownMethod(name: name, validNames: TripletMining.allCases.map(\.rawValue))
        }
        self = mining
    }

    /// Whether the loss is the hinge with a margin (otherwise the soft margin).
    public var usesMargin: Bool { self != .batchSoft }
}

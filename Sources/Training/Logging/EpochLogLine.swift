import Foundation

/// Upstream's per-epoch log line (spec/training.md §2.5), so that AIRS logs can be read by the
/// same scripts as AIR-Distiller's:
/// `Epoch[e] Loss: …, CE: …, TRI: …, KD: …, Acc: …, Base LR: …, Time/Batch: …s`.
public struct EpochLogLine: Sendable {
    public var epoch: Int
    public var loss: Double
    public var crossEntropy: Double
    public var triplet: Double
    public var distillation: Double
    public var accuracy: Double
    public var learningRate: Double
    public var secondsPerBatch: Double

    public init(
        epoch: Int, loss: Double, crossEntropy: Double, triplet: Double, distillation: Double,
        accuracy: Double, learningRate: Double, secondsPerBatch: Double
    ) {
        self.epoch = epoch
        self.loss = loss
        self.crossEntropy = crossEntropy
        self.triplet = triplet
        self.distillation = distillation
        self.accuracy = accuracy
        self.learningRate = learningRate
        self.secondsPerBatch = secondsPerBatch
    }

    public var text: String {
        "Epoch[\(epoch)] Loss: \(fixed(loss)), CE: \(fixed(crossEntropy)), TRI: \(fixed(triplet)), "
            + "KD: \(fixed(distillation)), Acc: \(fixed(accuracy)), Base LR: \(scientific(learningRate)), "
            + "Time/Batch: \(fixed(secondsPerBatch))s"
    }

    private func fixed(_ value: Double) -> String { String(format: "%.3f", value) }

    /// Python's `{:.2e}`: two decimals and an exponent of at least two digits.
    private func scientific(_ value: Double) -> String { String(format: "%.2e", value) }
}

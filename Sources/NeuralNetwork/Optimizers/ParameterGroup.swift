/// One parameter with its own learning rate and weight decay, as upstream builds its
/// optimizer: one group per parameter tensor (spec/training.md §4).
public struct ParameterGroup {
    public let name: String
    public let parameter: Parameter
    /// The base learning rate; the schedule scales it each epoch.
    public var baseLearningRate: Double
    public var learningRate: Double
    public var weightDecay: Double

    public init(name: String, parameter: Parameter, learningRate: Double, weightDecay: Double) {
        self.name = name
        self.parameter = parameter
        self.baseLearningRate = learningRate
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }

    /// Upstream's grouping rules over named parameters: a `bias` in the name takes
    /// `biasLearningRateFactor` and `biasWeightDecay`; with `largeClassifierRate`, a
    /// `classifier` in the name takes `classifierRateFactor`. Frozen parameters are left out.
    public static func upstreamGroups(
        _ parameters: [(name: String, parameter: Parameter)], baseLearningRate: Double, weightDecay: Double,
        biasLearningRateFactor: Double = 1, biasWeightDecay: Double? = nil,
        largeClassifierRate: Bool = false, classifierRateFactor: Double = 1
    ) -> [ParameterGroup] {
        parameters.filter { !$0.parameter.isFrozen }.map { name, parameter in
            var rate = baseLearningRate
            var decay = weightDecay
            if name.contains("bias") {
                rate = baseLearningRate * biasLearningRateFactor
                decay = biasWeightDecay ?? weightDecay
            }
            if largeClassifierRate && name.contains("classifier") { rate = baseLearningRate * classifierRateFactor }
            return ParameterGroup(name: name, parameter: parameter, learningRate: rate, weightDecay: decay)
        }
    }
}

import TensorEngine

/// What every network's forward pass returns (upstream's `(logits, feats)` pair, with named
/// fields instead of string keys). Nothing is L2-normalised.
public struct NetworkOutputs {
    /// Classifier logits `[batch, numClasses]`.
    public let logits: Tensor
    /// Global average of the last feature map, before the head `[batch, pooledDimension]`
    /// (upstream `pooled_feat`, used by the triplet loss).
    public let pooledFeature: Tensor
    /// The head's BNNeck output `[batch, 512]` (upstream `retrieval_feat`, used for retrieval
    /// and by most distillation losses).
    public let retrievalFeature: Tensor
    /// The four stage outputs `[f1, f2, f3, f4]`, each `[batch, channels, height, width]`.
    public let stageFeatures: [Tensor]

    public init(logits: Tensor, pooledFeature: Tensor, retrievalFeature: Tensor, stageFeatures: [Tensor]) {
        self.logits = logits
        self.pooledFeature = pooledFeature
        self.retrievalFeature = retrievalFeature
        self.stageFeatures = stageFeatures
    }
}

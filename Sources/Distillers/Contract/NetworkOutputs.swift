import TensorEngine

/// What a network (student or teacher) returns for a batch, by name (spec §1.1). The Models
/// module's forward pass conforms to this.
public protocol NetworkOutputs {
    /// Classifier output `[batch, classes]`.
    var logits: Tensor { get }
    /// Global average pool of the last backbone stage `[batch, backboneChannels]`.
    var pooledFeature: Tensor { get }
    /// The head's bottleneck output, the retrieval embedding `[batch, 512]`.
    var retrievalFeature: Tensor { get }
    /// The four stage feature maps, each `[batch, channels, height, width]`.
    var stageFeatures: [Tensor] { get }
}

/// Network outputs held as plain values (tests, scripts, and anything without a model).
public struct NetworkOutputValues: NetworkOutputs, Sendable {
    /// Classifier output `[batch, classes]`.
    public var logits: Tensor
    /// Pooled last-stage feature `[batch, backboneChannels]`.
    public var pooledFeature: Tensor
    /// Retrieval embedding `[batch, width]`.
    public var retrievalFeature: Tensor
    /// Stage feature maps, each `[batch, channels, height, width]`.
    public var stageFeatures: [Tensor]

    /// Outputs from their parts; missing parts are empty `[0]` tensors.
    public init(
        logits: Tensor = .zeros([0]), pooledFeature: Tensor = .zeros([0]),
        retrievalFeature: Tensor = .zeros([0]), stageFeatures: [Tensor] = []
    ) {
        self.logits = logits
        self.pooledFeature = pooledFeature
        self.retrievalFeature = retrievalFeature
        self.stageFeatures = stageFeatures
    }
}

/// A classifier head (spec §1.1's ClassBlock) that UGD applies to pooled teacher cells.
/// The Models module's ClassBlock conforms; `ClassBlockHead` is a constant eval-mode version.
public protocol ClassifierHead {
    /// `rows` `[n, channels]` → logits `[n, classes]` and bottleneck `[n, width]`.
    func classify(_ rows: Tensor) throws -> (logits: Tensor, bottleneck: Tensor)
}

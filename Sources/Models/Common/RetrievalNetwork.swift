import NeuralNetwork
import TensorEngine

/// An image network that returns `NetworkOutputs`: the registry's product.
public protocol ImageNetwork: Module {
    /// The registry name (`ResNet18`).
    var name: String { get }
    /// Runs the network on `images` `[batch, 3, height, width]`. A wrong channel count or an
    /// image too small for the network throws `LayerError.badInput` naming the layer.
    func callAsFunction(_ images: Tensor) throws -> NetworkOutputs
    /// The logits shape for an input shape, adding the MACs ptflops would count and throwing
    /// `LayerError.badInput` naming the first layer that cannot take its input.
    func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int]
}

extension ImageNetwork {
    /// Parameter and MAC counts for one `[1, 3, height, width]` image, as ptflops reports them.
    public func complexity(height: Int, width: Int) throws -> ModelComplexity {
        var tally = ComplexityTally(checksTrainingBatches: false)
        _ = try trace([1, 3, height, width], &tally)
        let counts = ParameterCounts(self)
        return ModelComplexity(
            parameters: counts.total, parametersWithoutClassifier: counts.withoutClassifier,
            macs: tally.macs)
    }
}

/// A backbone followed by the upstream retrieval head: every query and gallery network.
///
/// Conformers provide the backbone (`features` and its shape trace); the extension supplies
/// the forward pass, the input check and the complexity figures.
public protocol RetrievalNetwork: ImageNetwork {
    /// The retrieval head (state-dict prefix `fc`).
    var head: ClassBlock { get }
    /// The four stage maps and the pooled feature `[batch, pooledDimension]` of `images`.
    func features(_ images: Tensor) throws -> (stages: [Tensor], pooled: Tensor)
    /// The pooled feature's shape for an input shape, adding the backbone's MACs (ptflops'
    /// conventions) and throwing `LayerError.badInput` naming the first layer that cannot
    /// take its input.
    func traceFeatures(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int]
}

extension RetrievalNetwork {
    public func callAsFunction(_ images: Tensor) throws -> NetworkOutputs {
        var tally = ComplexityTally()
        _ = try trace(images.shape, &tally)
        let (stages, pooled) = try features(images)
        let (logits, retrieval) = try head.forward(pooled)
        return NetworkOutputs(logits: logits, pooledFeature: pooled, retrievalFeature: retrieval, stageFeatures: stages)
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        let pooled = try traceFeatures(input, &tally)
        return try tally.child("fc") { try head.trace(pooled, &$0) }
    }
}

/// Size and cost of a network, in ptflops' conventions.
public struct ModelComplexity: Equatable, Sendable {
    /// Every learnable scalar, classifier included.
    public let parameters: Int
    /// Scalars of parameters whose name does not contain `classifier` (upstream's "base
    /// parameters", printed as `{:.3f} M`).
    public let parametersWithoutClassifier: Int
    /// Multiply-accumulates of one forward pass on a batch of one, as ptflops' default
    /// (`pytorch`) backend counts them.
    public let macs: Int
}

import NeuralNetwork
import TensorEngine

/// The retrieval head every upstream backbone ends in (`models/utils/class_block.py`):
/// `add_block` = BN1d(d) → ReLU → Linear(d → 512, no bias) → BN1d(512) gives the retrieval
/// feature, and `classifier` = Linear(512 → classes, no bias) gives the logits.
public final class ClassBlock: ShapeTracing {
    public var isTraining = true
    /// `add_block`: indices 0 (BN1d), 1 (ReLU), 2 (Linear), 3 (BN1d), as upstream.
    let addBlock: Sequential
    let classifier: Linear
    /// Width of the retrieval feature (upstream `num_bottleneck`).
    public static let bottleneck = 512

    /// Upstream's head init: the bottleneck Linear Kaiming-normal fan-out (σ = √(2/512)),
    /// both BNs 1/0, the classifier `N(0, 0.001²)`.
    init(inputDimension: Int, numClasses: Int, initializer w: inout WeightInitializer) {
        let linear = w.linear(inputDimension, Self.bottleneck, bias: false)
        w.normal(linear.weight, std: (2.0 / Double(Self.bottleneck)).squareRoot())
        addBlock = Sequential([
            BatchNorm(features: inputDimension), Activation(.relu), linear, BatchNorm(features: Self.bottleneck),
        ])
        classifier = w.linear(Self.bottleneck, numClasses, bias: false)
        w.normal(classifier.weight, std: 0.001)
    }

    public var children: [(name: String, module: any Module)] { [("add_block", addBlock), ("classifier", classifier)] }

    /// `pooled` `[batch, d]` → logits `[batch, classes]` and retrieval feature `[batch, 512]`.
    public func forward(_ pooled: Tensor) throws -> (logits: Tensor, retrieval: Tensor) {
        let retrieval = try addBlock(pooled)
        return (try classifier(retrieval), retrieval)
    }

    /// The logits alone (the `Layer` view of the head).
    public func callAsFunction(_ pooled: Tensor) throws -> Tensor {
        try forward(pooled).logits
    }

    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        let retrieval = try tally.trace(addBlock, named: "add_block", input)
        return try tally.trace(classifier, named: "classifier", retrieval)
    }
}

import TensorEngine

/// Layers applied in order; children are named `0`, `1`, … as in `torch.nn.Sequential`.
public final class Sequential: Layer {
    /// Training or evaluation mode (see `Module.isTraining`).
    public var isTraining = true
    /// The layers, in the order they run.
    public let layers: [any Layer]

    /// A sequence running `layers` in order.
    public init(_ layers: [any Layer]) { self.layers = layers }

    /// The layers, named by their index.
    public var children: [(name: String, module: any Module)] {
        layers.enumerated().map { (String($0.offset), $0.element as any Module) }
    }

    /// `input` through every layer in turn.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try layers.reduce(input) { try $1($0) }
    }
}

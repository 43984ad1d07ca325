/// Computes the gradients of an operation's inputs from the gradient of its output.
/// `needed[i]` is false for inputs that take no gradient, so that their work can be skipped;
/// the result has one entry per input (`nil` where not needed).
typealias Pullback = (_ outputGradient: Tensor, _ needed: [Bool]) throws -> [Tensor?]

/// One vertex of the autograd tape: a leaf that requires a gradient (a parameter) or the
/// result of a recorded operation, with the pullback that maps its gradient to its inputs'.
final class GradNode {
    let shape: [Int]
    let inputs: [GradNode?]
    let pullback: Pullback?
    /// The accumulated gradient: kept on leaves, released on interior nodes once propagated.
    var grad: Tensor?

    init(shape: [Int], inputs: [GradNode?] = [], pullback: Pullback? = nil) {
        self.shape = shape
        self.inputs = inputs
        self.pullback = pullback
    }

    var isLeaf: Bool { pullback == nil }

    func accumulate(_ gradient: Tensor) throws {
        // tinygrad's check: a pullback that returns the wrong shape is a bug in that op.
        precondition(gradient.shape == shape, "gradient of shape \(gradient.shape) for a tensor of shape \(shape)")
        guard let sum = grad else {
            grad = gradient
            return
        }
        // A parameter's split-invariant gradient is Double (`SplitInvariantGradients`); any
        // fp32 part joins it in Double rather than rounding it.
        grad =
            sum.dtype == gradient.dtype ? try sum + gradient : try sum.cast(to: .float64) + gradient.cast(to: .float64)
    }
}

extension Tensor {
    /// Whether a gradient will flow to this tensor from `backward()`.
    public var requiresGradient: Bool { node != nil }

    /// This tensor as a leaf of the autograd graph: `backward()` fills its `gradient`.
    public func requiringGradient() -> Tensor {
        var leaf = self
        leaf.node = GradNode(shape: shape)
        return leaf
    }

    /// The same values, cut off from the graph (PyTorch's `detach`).
    public func detached() -> Tensor {
        var cut = self
        cut.node = nil
        return cut
    }

    /// The gradient accumulated on this leaf by `backward()`, or `nil` before any.
    public var gradient: Tensor? { node?.grad }

    /// Clears the accumulated gradient of this leaf.
    public func zeroGradient() { node?.grad = nil }

    /// Replaces the accumulated gradient of this leaf (data-parallel training sums it over the
    /// ranks); `gradient` must have the tensor's shape.
    public func setGradient(_ gradient: Tensor) throws {
        guard gradient.shape == shape else {
            throw TensorError.shapeMismatch(
                op: "setGradient", lhs: shape, rhs: gradient.shape, hint: "a gradient has its tensor's shape")
        }
        node?.grad = gradient.detached()
    }

    /// Records `result` as computed from `inputs`, when any input requires a gradient.
    func recorded(from inputs: [Tensor], _ pullback: @escaping Pullback) -> Tensor {
        guard GradMode.enabled, inputs.contains(where: { $0.node != nil }) else { return self }
        var tracked = self
        tracked.node = GradNode(shape: shape, inputs: inputs.map(\.node), pullback: pullback)
        return tracked
    }
}

extension Tensor {
    /// Back-propagates from this tensor: every leaf that requires a gradient and contributed to
    /// it receives `∂self/∂leaf · seed` added to its `gradient`. `seed` defaults to ones, so a
    /// scalar loss needs no argument.
    public func backward(seed: Tensor? = nil) throws {
        guard let root = node else {
            throw TensorError.noGradient(
                "backward() was called on a tensor of shape \(shape) that does not depend on any tensor "
                    + "requiring a gradient (call requiringGradient() on the inputs, outside withoutGradient)")
        }
        if let seed, seed.shape != shape {
            throw TensorError.shapeMismatch(
                op: "backward", lhs: shape, rhs: seed.shape, hint: "the seed must have the output's shape")
        }
        let order = Tensor.topologicalOrder(from: root)
        try root.accumulate(seed ?? Tensor.ones(shape, dtype: dtype))
        try Tensor.withoutGradient {
            for node in order.reversed() {
                guard let pullback = node.pullback, let outputGradient = node.grad else { continue }
                let needed = node.inputs.map { $0 != nil }
                let inputGradients = try pullback(outputGradient, needed)
                for (input, gradient) in zip(node.inputs, inputGradients) {
                    if let input, let gradient { try input.accumulate(gradient) }
                }
                node.grad = nil
            }
        }
    }

    /// Nodes ordered so that each comes after all of its inputs (iterative depth-first search).
    private static func topologicalOrder(from root: GradNode) -> [GradNode] {
        var order: [GradNode] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(GradNode, Bool)] = [(root, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded {
                order.append(node)
                continue
            }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for case let input? in node.inputs where !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
        return order
    }
}

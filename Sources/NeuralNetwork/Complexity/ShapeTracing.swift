import TensorEngine

/// A layer that can state, without running, the output shape it gives for an input shape and
/// the multiply-accumulates it costs, counted the way ptflops 0.7.5's default (`pytorch`)
/// backend counts them (`golden/models/README.md` §7).
///
/// The trace doubles as the input check of a whole network: a layer that cannot take the
/// shape throws `LayerError.badInput` naming its state-dict path.
public protocol ShapeTracing: Layer {
    /// The output shape for `input`, adding this layer's MACs to `tally`.
    func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int]
}

/// Running count of a trace: MACs so far and the state-dict path of the layer being traced.
public struct ComplexityTally: Sendable {
    /// Multiply-accumulates counted so far.
    public private(set) var macs = 0
    /// Path of the module being traced (`layer1.0.conv1`).
    public private(set) var path: [String] = []
    /// Whether layers in training mode reject batches they cannot compute statistics of
    /// (off for complexity counts, which ptflops takes in evaluation mode).
    public let checksTrainingBatches: Bool

    /// Children at most this deep (1: `layer1`, 2: `layer1.0`) get their MACs recorded in
    /// `breakdown`; 0, the default, records nothing (forward passes trace with it).
    public var breakdownDepth = 0
    /// `(path, MACs)` of each traced child within `breakdownDepth`, in the order their traces end
    /// (a child before its parent).
    public private(set) var breakdown: [(path: String, macs: Int)] = []

    /// An empty tally; `checksTrainingBatches: false` for complexity counts (evaluation mode).
    public init(checksTrainingBatches: Bool = true) { self.checksTrainingBatches = checksTrainingBatches }

    /// Adds `count` MACs.
    public mutating func add(_ count: Int) { macs += count }

    /// Traces `body` as the child `name`, so that errors name its path.
    public mutating func child<R>(_ name: String, _ body: (inout ComplexityTally) throws -> R) rethrows -> R {
        path.append(name)
        defer { path.removeLast() }
        guard path.count <= breakdownDepth else { return try body(&self) }
        let before = macs
        let result = try body(&self)
        breakdown.append((location, macs - before))
        return result
    }

    /// Traces `layer` as the child `name`.
    public mutating func trace(_ layer: any Layer, named name: String, _ input: [Int]) throws -> [Int] {
        try child(name) { tally in
            guard let traced = layer as? any ShapeTracing else {
                throw LayerError.untraceable(layer: tally.location, type: String(describing: type(of: layer)))
            }
            return try traced.trace(input, &tally)
        }
    }

    /// The current path as a state-dict prefix (`layer1.0.conv1`), or `<network>` at the top.
    public var location: String { path.isEmpty ? "<network>" : path.joined(separator: ".") }

    /// An input-shape error at the current path.
    public func badInput(_ input: [Int], expected: String) -> LayerError {
        .badInput(layer: location, shape: input, expected: expected)
    }
}

extension Sequential: ShapeTracing {
    /// The shape after every layer in turn, each traced under its index.
    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        var shape = input
        for (index, layer) in layers.enumerated() { shape = try tally.trace(layer, named: String(index), shape) }
        return shape
    }
}

extension Linear: ShapeTracing {
    /// `[..., inFeatures]` → `[..., outFeatures]`, adding ptflops 0.7.5's linear MACs.
    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        let inFeatures = weight.value.shape[1]
        let outFeatures = weight.value.shape[0]
        guard input.last == inFeatures else { throw tally.badInput(input, expected: "[..., \(inFeatures)]") }
        // ptflops 0.7.5's linear hook: per input row, in·out products plus one add per bias.
        tally.add(Shape.count(input.dropLast()) * (inFeatures * outFeatures + (bias == nil ? 0 : outFeatures)))
        return Array(input.dropLast()) + [outFeatures]
    }
}

extension Activation: ShapeTracing {
    /// The input shape unchanged, adding the MACs ptflops counts for the activation.
    public func trace(_ input: [Int], _ tally: inout ComplexityTally) throws -> [Int] {
        switch kind {
        // ptflops hooks nn.ReLU and also patches the F.relu it calls: each element counted
        // twice. Swin's GELU is counted once (measured against ptflops on timm's Mlp).
        // Hardswish, Hardsigmoid and Sigmoid are not counted.
        case .relu: tally.add(2 * Shape.count(input))
        case .gelu: tally.add(Shape.count(input))
        // nn.ReLU6 is a Hardtanh, which calls the unpatched F.hardtanh: counted once.
        case .relu6: tally.add(Shape.count(input))
        case .hardSwish, .hardSigmoid, .sigmoid, .identity: break
        }
        return input
    }
}

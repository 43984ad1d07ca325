import TensorEngine

/// A network component with named parameters, buffers and submodules, whose names and order
/// reproduce PyTorch's `state_dict` keys (`layer1.0.conv1.weight`).
public protocol Module: AnyObject {
    /// Training mode (batch statistics, dropout) or evaluation mode.
    var isTraining: Bool { get set }
    /// Direct submodules in registration order, with their state-dict names.
    var children: [(name: String, module: any Module)] { get }
    /// This module's own parameters (not its children's), in registration order.
    var ownParameters: [(name: String, parameter: Parameter)] { get }
    /// This module's own buffers, in registration order.
    var ownBuffers: [(name: String, buffer: Buffer)] { get }
}

extension Module {
    /// No submodules, unless the module lists them.
    public var children: [(name: String, module: any Module)] { [] }
    /// No parameters, unless the module lists them.
    public var ownParameters: [(name: String, parameter: Parameter)] { [] }
    /// No buffers, unless the module lists them.
    public var ownBuffers: [(name: String, buffer: Buffer)] { [] }

    /// Every parameter under this module, PyTorch order (own first, then children depth-first).
    public func namedParameters(prefix: String = "") -> [(name: String, parameter: Parameter)] {
        ownParameters.map { (prefix + $0.name, $0.parameter) }
            + children.flatMap { $0.module.namedParameters(prefix: prefix + $0.name + ".") }
    }

    /// Every buffer under this module, PyTorch order.
    public func namedBuffers(prefix: String = "") -> [(name: String, buffer: Buffer)] {
        ownBuffers.map { (prefix + $0.name, $0.buffer) }
            + children.flatMap { $0.module.namedBuffers(prefix: prefix + $0.name + ".") }
    }

    /// The state-dict entries in PyTorch's order: per module its parameters, then its
    /// buffers, then each child's entries.
    public func stateEntries(prefix: String = "") -> [StateEntry] {
        ownParameters.map { StateEntry(name: prefix + $0.name, storage: .parameter($0.parameter)) }
            + ownBuffers.map { StateEntry(name: prefix + $0.name, storage: .buffer($0.buffer)) }
            + children.flatMap { $0.module.stateEntries(prefix: prefix + $0.name + ".") }
    }

    /// Switches this module and all submodules to training (`true`) or evaluation mode.
    public func setTraining(_ training: Bool) {
        isTraining = training
        for child in children { child.module.setTraining(training) }
    }

    /// Freezes (or unfreezes) every parameter under this module.
    public func setFrozen(_ frozen: Bool) {
        for (_, parameter) in namedParameters() { parameter.setFrozen(frozen) }
    }

    /// Number of learnable scalars.
    public var parameterCount: Int { namedParameters().reduce(0) { $0 + $1.parameter.value.count } }

    /// Bytes held by the parameters and buffers (what a checkpoint of the module stores).
    public var stateByteCount: Int {
        namedParameters().reduce(0) { $0 + $1.parameter.value.count * $1.parameter.value.dtype.byteCount }
            + namedBuffers().reduce(0) { $0 + $1.buffer.value.count * $1.buffer.value.dtype.byteCount }
    }

    /// Clears every parameter's gradient.
    public func zeroGradients() {
        for (_, parameter) in namedParameters() { parameter.zeroGradient() }
    }
}

/// One `state_dict` entry: a parameter or a buffer, by full name.
public struct StateEntry {
    /// Where an entry's tensor lives.
    public enum Storage {
        case parameter(Parameter)
        case buffer(Buffer)
    }
    /// The full state-dict key (`layer1.0.bn1.running_mean`).
    public let name: String
    /// The parameter or buffer behind the key.
    public let storage: Storage

    /// The current value.
    public var value: Tensor {
        switch storage {
        case .parameter(let p): return p.value
        case .buffer(let b): return b.value
        }
    }

    /// Whether PyTorch stores this entry as an integer tensor.
    public var isInteger: Bool {
        if case .buffer(let b) = storage { return b.isInteger }
        return false
    }

    /// Overwrites the value (checkpoint loading); the shape must match.
    public func assign(_ newValue: Tensor) throws {
        switch storage {
        case .parameter(let p): try p.assign(newValue)
        case .buffer(let b):
            guard b.value.shape == newValue.shape else {
                throw TensorError.shapeMismatch(
                    op: "load \(name)", lhs: b.value.shape, rhs: newValue.shape, hint: "a buffer keeps its shape")
            }
            b.value = newValue.cast(to: b.value.dtype).detached()
        }
    }
}

/// A module that maps one tensor to one tensor.
public protocol Layer: Module {
    /// The layer's output for `input`; each layer documents the shapes it takes.
    func callAsFunction(_ input: Tensor) throws -> Tensor
}

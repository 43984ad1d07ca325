import TensorEngine

/// A learnable tensor. Identity matters (optimizers keep state per parameter, modules share
/// it), so it is a class; `value` is an autograd leaf unless the parameter is frozen.
public final class Parameter {
    /// The current value; `backward()` accumulates into `value.gradient`.
    public private(set) var value: Tensor
    /// Frozen parameters take no gradient (the teacher's).
    public private(set) var isFrozen: Bool

    /// A parameter holding `value`; it takes gradients unless `frozen`.
    public init(_ value: Tensor, frozen: Bool = false) {
        self.isFrozen = frozen
        self.value = frozen ? value.detached() : value.detached().requiringGradient()
    }

    /// The gradient accumulated since the last `zeroGradient()`, if any.
    public var gradient: Tensor? { value.gradient }

    /// Replaces the value (an optimizer step, a checkpoint load); the shape must not change.
    public func assign(_ newValue: Tensor) throws {
        guard newValue.shape == value.shape else {
            throw TensorError.shapeMismatch(
                op: "Parameter.assign", lhs: value.shape, rhs: newValue.shape,
                hint: "a parameter keeps its shape")
        }
        let converted = newValue.cast(to: value.dtype).detached()
        value = isFrozen ? converted : converted.requiringGradient()
    }

    /// Stops (or restarts) gradient flow into this parameter.
    public func setFrozen(_ frozen: Bool) {
        isFrozen = frozen
        value = frozen ? value.detached() : value.detached().requiringGradient()
    }

    /// Forgets the accumulated gradient.
    public func zeroGradient() { value.zeroGradient() }
}

/// A non-learnable state tensor saved with the module (BatchNorm's running statistics).
public final class Buffer {
    /// Whether PyTorch stores it as an integer (`num_batches_tracked` is int64).
    public let isInteger: Bool
    /// The current value (never an autograd leaf).
    public var value: Tensor

    /// A buffer holding `value`, detached; `isInteger` for what PyTorch stores as int64.
    public init(_ value: Tensor, isInteger: Bool = false) {
        self.value = value.detached()
        self.isInteger = isInteger
    }
}

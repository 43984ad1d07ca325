/// MobileNetV3's piecewise-linear activations and their input gradients as operator types, so
/// that the loops have them compiled in (a closure costs an indirect call per element). The
/// expressions are the closures they replace, so results are unchanged bit for bit.

/// `relu6(x + 3) / 6`.
enum HardSigmoidOperator: UnaryOperator {
    @inline(__always) static func apply<T: TensorScalar>(_ x: T) -> T { Swift.min(Swift.max(x + 3, 0), 6) / 6 }
}

/// `x · relu6(x + 3) / 6`.
enum HardSwishOperator: UnaryOperator {
    @inline(__always) static func apply<T: TensorScalar>(_ x: T) -> T { x * Swift.min(Swift.max(x + 3, 0), 6) / 6 }
}

/// `(gradient, x) ↦ gradient · hardSigmoid′(x)`, the derivative 1/6 strictly inside (−3, 3).
enum HardSigmoidGradientOperator: BinaryOperator {
    @inline(__always) static func apply<T: TensorScalar>(_ g: T, _ x: T) -> T {
        let derivative: T = x > -3 && x < 3 ? 1 / 6 : 0
        return g * derivative
    }
}

/// `(gradient, x) ↦ gradient · hardSwish′(x)`: 0 below −3, 1 above 3, `(2x + 3) / 6` between.
enum HardSwishGradientOperator: BinaryOperator {
    @inline(__always) static func apply<T: TensorScalar>(_ g: T, _ x: T) -> T {
        let derivative: T = x < -3 ? 0 : (x > 3 ? 1 : (2 * x + 3) / 6)
        return g * derivative
    }
}

extension Tensor {
    /// `Op(gradient, x)` elementwise in the tensors' dtype: an activation's input gradient in
    /// one pass, without materialising the derivative.
    func activationGradient<Op: BinaryOperator>(_: Op.Type, input x: Tensor) throws -> Tensor {
        try Tensor.elementwise(Op.self, self, x, op: "activation gradient")
    }
}

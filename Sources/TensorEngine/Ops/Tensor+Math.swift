import Foundation

/// Elementwise functions. Each states its derivative beside its forward (Swift for
/// TensorFlow's habit), so that forward and backward are read together.
extension Tensor {
    /// `e^x` elementwise.
    public func exp() -> Tensor {
        let y = unary(Float.exp, Double.exp)
        let out = y.detached()
        return y.recorded(from: [self]) { g, _ in [try g * out] }
    }

    /// The natural logarithm elementwise.
    public func log() -> Tensor {
        let x = detached()
        return unary(Float.log, Double.log).recorded(from: [self]) { g, _ in [try g / x] }
    }

    /// `log(1 + x)` elementwise, accurate near 0.
    public func log1p() -> Tensor {
        let x = detached()
        return unary(Float.log1p, Double.log1p).recorded(from: [self]) { g, _ in [try g / (x + 1)] }
    }

    /// The square root elementwise.
    public func sqrt() -> Tensor {
        let y = unary({ $0.squareRoot() }, { $0.squareRoot() })
        let out = y.detached()
        return y.recorded(from: [self]) { g, _ in [try g / (out * 2)] }
    }

    /// `x²` elementwise.
    public func square() -> Tensor {
        let x = detached()
        return unary({ $0 * $0 }, { $0 * $0 }).recorded(from: [self]) { g, _ in [try g * x * 2] }
    }

    /// `x ** exponent` for a constant exponent.
    public func pow(_ exponent: Double) -> Tensor {
        let x = detached()
        let e32 = Float(exponent)
        return unary({ Float.pow($0, e32) }, { Double.pow($0, exponent) }).recorded(from: [self]) { g, _ in
            [try g * x.pow(exponent - 1) * exponent]
        }
    }

    /// `|x|`, with gradient `sign(x)` and `sign(0) = 0` (PyTorch).
    public func abs() -> Tensor {
        let x = detached()
        return unary({ Swift.abs($0) }, { Swift.abs($0) }).recorded(from: [self]) { g, _ in [try g * x.sign()] }
    }

    /// −1, 0 or 1 by sign (no gradient).
    public func sign() -> Tensor {
        unary({ $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }, { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
    }

    /// `max(x, 0)`; the gradient passes where the output is positive (read from the output,
    /// which the next layer keeps anyway, so the input can be freed).
    public func relu() -> Tensor {
        let y = mapped(ReLUOperator.self)
        let out = y.detached()
        return y.recorded(from: [self]) { g, _ in [g.reluGradient(output: out)] }
    }

    /// `max(x, minimum)`: the gradient passes only where `x > minimum` (PyTorch's clamp_min).
    public func clamped(min minimum: Double) -> Tensor {
        let x = detached()
        let m32 = Float(minimum)
        return unary({ Swift.max($0, m32) }, { Swift.max($0, minimum) }).recorded(from: [self]) { g, _ in
            [try g * x.unary({ $0 > m32 ? 1 : 0 }, { $0 > minimum ? 1 : 0 })]
        }
    }

    /// `min(max(x, lower), upper)`; the gradient passes where `lower ≤ x ≤ upper`.
    public func clamped(min lower: Double, max upper: Double) -> Tensor {
        let x = detached()
        let l32 = Float(lower)
        let u32 = Float(upper)
        return unary({ Swift.min(Swift.max($0, l32), u32) }, { Swift.min(Swift.max($0, lower), upper) })
            .recorded(from: [self]) { g, _ in
                [try g * x.unary({ $0 >= l32 && $0 <= u32 ? 1 : 0 }, { $0 >= lower && $0 <= upper ? 1 : 0 })]
            }
    }

    /// `1 / (1 + e^−x)` elementwise.
    public func sigmoid() -> Tensor {
        let y = unary({ 1 / (1 + Float.exp(-$0)) }, { 1 / (1 + Double.exp(-$0)) })
        let out = y.detached()
        return y.recorded(from: [self]) { g, _ in [try g * out * (1 - out)] }
    }

    /// The hyperbolic tangent elementwise.
    public func tanh() -> Tensor {
        let y = unary(Float.tanh, Double.tanh)
        let out = y.detached()
        return y.recorded(from: [self]) { g, _ in [try g * (1 - out.square())] }
    }

    /// `log(1 + exp(x))`, computed without overflow.
    public func softplus() -> Tensor {
        let x = detached()
        return unary(
            { Swift.max($0, 0) + Float.log1p(Float.exp(-Swift.abs($0))) },
            { Swift.max($0, 0) + Double.log1p(Double.exp(-Swift.abs($0))) }
        )
        .recorded(from: [self]) { g, _ in [try g * x.sigmoid()] }
    }

    /// GELU with the exact erf form (PyTorch's default, used by Swin).
    public func gelu() -> Tensor {
        let x = detached()
        let r32 = Float(0.5.squareRoot())
        let r64 = 0.5.squareRoot()
        return unary({ 0.5 * $0 * (1 + Float.erf($0 * r32)) }, { 0.5 * $0 * (1 + Double.erf($0 * r64)) })
            .recorded(from: [self]) { g, _ in
                let c32 = Float(1 / (2 * Double.pi).squareRoot())
                let c64 = 1 / (2 * Double.pi).squareRoot()
                let derivative = x.unary(
                    { 0.5 * (1 + Float.erf($0 * r32)) + $0 * c32 * Float.exp(-0.5 * $0 * $0) },
                    { 0.5 * (1 + Double.erf($0 * r64)) + $0 * c64 * Double.exp(-0.5 * $0 * $0) })
                return [try g * derivative]
            }
    }

    /// `relu6(x + 3) / 6` (MobileNetV3).
    public func hardSigmoid() -> Tensor {
        let x = detached()
        return mapped(HardSigmoidOperator.self).recorded(from: [self]) { g, _ in
            [try g.activationGradient(HardSigmoidGradientOperator.self, input: x)]
        }
    }

    /// `x · relu6(x + 3) / 6` (MobileNetV3).
    public func hardSwish() -> Tensor {
        let x = detached()
        return mapped(HardSwishOperator.self).recorded(from: [self]) { g, _ in
            [try g.activationGradient(HardSwishGradientOperator.self, input: x)]
        }
    }

    /// Applies a scalar function in the tensor's own precision (no gradient recorded).
    @inline(__always)
    func unary(_ f32: (Float) -> Float, _ f64: (Double) -> Double) -> Tensor {
        dtype == .float32 ? map(Float.self, f32) : map(Double.self, f64)
    }
}

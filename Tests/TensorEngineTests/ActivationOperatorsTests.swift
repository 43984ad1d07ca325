import TestSupport
import Testing

@testable import TensorEngine

/// Hard-swish and hard-sigmoid through their operator kernels against the scalar formulas they
/// replaced (applied with the closure map), bit for bit in both precisions, forward and input
/// gradient, including the kinks at ±3 and a non-contiguous input.
@Suite struct ActivationOperatorsTests {
    /// Values spread over [−6, 6] plus the kink points themselves, shape [3, 5, 7].
    func input(_ dtype: DType) throws -> Tensor {
        var values = randomTensor([3, 5, 7], seed: 11, scale: 3).doubles
        for (i, v) in [-3.0, 3.0, 0, -6, 6, -3.0000001, 2.9999999].enumerated() { values[i * 13] = v }
        return try Tensor(shape: [3, 5, 7], doubles: values).cast(to: dtype)
    }

    typealias Formula = (f32: @Sendable (Float) -> Float, f64: @Sendable (Double) -> Double)
    static let hardSwish: (value: Formula, derivative: Formula) = (
        ({ $0 * Swift.min(Swift.max($0 + 3, 0), 6) / 6 }, { $0 * Swift.min(Swift.max($0 + 3, 0), 6) / 6 }),
        ({ $0 < -3 ? 0 : ($0 > 3 ? 1 : (2 * $0 + 3) / 6) }, { $0 < -3 ? 0 : ($0 > 3 ? 1 : (2 * $0 + 3) / 6) })
    )
    static let hardSigmoid: (value: Formula, derivative: Formula) = (
        ({ Swift.min(Swift.max($0 + 3, 0), 6) / 6 }, { Swift.min(Swift.max($0 + 3, 0), 6) / 6 }),
        ({ $0 > -3 && $0 < 3 ? 1 / 6 : 0 }, { $0 > -3 && $0 < 3 ? 1 / 6 : 0 })
    )

    func check(_ op: (Tensor) -> Tensor, _ formula: (value: Formula, derivative: Formula)) throws {
        for dtype in DType.allCases {
            for transpose in [false, true] {
                let base = try input(dtype)
                let x = (transpose ? try base.transposed(0, 2) : base).requiringGradient()
                let seed = randomTensor(x.shape, seed: 12).cast(to: dtype)
                let y = op(x)
                try y.backward(seed: seed)
                let plain = x.detached()
                let expected = plain.unary(formula.value.f32, formula.value.f64)
                let expectedGradient = try seed * plain.unary(formula.derivative.f32, formula.derivative.f64)
                #expect(y.doubles == expected.doubles, "\(dtype) transposed \(transpose)")
                #expect(x.gradient?.doubles == expectedGradient.doubles, "\(dtype) transposed \(transpose)")
                #expect(y.dtype == dtype && x.gradient?.dtype == dtype)
            }
        }
    }

    @Test func hardSwishMatchesFormula() throws { try check({ $0.hardSwish() }, Self.hardSwish) }
    @Test func hardSigmoidMatchesFormula() throws { try check({ $0.hardSigmoid() }, Self.hardSigmoid) }
}

import Foundation
import NeuralNetwork
import TensorEngine

/// The golden files' hash stream `s(k; t, salt)` (golden/models/README.md §1): a value in
/// [−1, 1) that is a multiple of 2⁻²³, computed with wrapping 32-bit arithmetic.
func hashStream(_ k: Int, t: Int, salt: Int) -> Double {
    var x =
        UInt32(truncatingIfNeeded: k) &* 0x9E37_79B1 &+ UInt32(truncatingIfNeeded: t) &* 0x85EB_CA77
        &+ UInt32(truncatingIfNeeded: salt) &* 0xC2B2_AE3D &+ 0x27D4_EB2F
    x ^= x >> 16
    x = x &* 0x7FEB_352D
    x ^= x >> 15
    x = x &* 0x846C_A68B
    x ^= x >> 16
    return Double(x >> 8) * 0x1p-23 - 1.0
}

/// The fill rules of README §2, chosen by an entry's last key component and rank.
enum FillRule: String {
    case fanInWeight = "fan_in_weight"
    case normWeight = "norm_weight"
    case bias
    case runningMean = "running_mean"
    case runningVar = "running_var"
    case logitScale = "logit_scale"

    init?(key: String, rank: Int) {
        let last = key.split(separator: ".").last.map(String.init) ?? key
        switch last {
        case "weight": self = rank >= 2 ? .fanInWeight : .normWeight
        case "running_mean": self = .runningMean
        case "running_var": self = .runningVar
        case "logit_scale": self = .logitScale
        default:
            guard last.hasSuffix("bias") else { return nil }
            self = .bias
        }
    }

    /// `(offset, scale, absolute)`: the value is `offset + scale·s` (or `·|s|`), computed in
    /// float64 in the README's operation order (`sqrt(3/fanIn)·s` is `0 + a·s` exactly).
    func affine(shape: [Int]) -> (offset: Double, scale: Double, absolute: Bool) {
        switch self {
        case .fanInWeight: return (0, (3.0 / Double(shape.reduce(1, *) / shape[0])).squareRoot(), false)
        case .normWeight: return (1.0, 0.1, false)
        case .bias, .runningMean: return (0, 0.1, false)
        case .runningVar: return (1.0, 0.5, true)
        case .logitScale: return (2.3, 0.1, false)
        }
    }
}

struct FillError: Error, CustomStringConvertible {
    let key: String
    var description: String { "no formula-weight rule for state-dict entry \(key)" }
}

/// Overwrites every floating-point state entry of `module` with the formula weights of `salt`
/// and returns, per entry, its `t` (nil for skipped integer entries) and rule.
@discardableResult
func fillFormulaWeights(_ module: any Module, salt: Int) throws -> [(key: String, t: Int?, rule: FillRule?)] {
    var t = 0
    var record: [(key: String, t: Int?, rule: FillRule?)] = []
    for entry in module.stateEntries() {
        if entry.isInteger {
            record.append((entry.name, nil, nil))
            continue
        }
        let shape = entry.value.shape
        guard let rule = FillRule(key: entry.name, rank: shape.count) else { throw FillError(key: entry.name) }
        let (offset, scale, absolute) = rule.affine(shape: shape)
        let index = t
        let values = Tensor.makeFloats(shape) { out in
            let base = UncheckedSendable(out.baseAddress!)
            let count = out.count
            let chunk = (count + 7) / 8
            concurrentPerform(iterations: 8) { part in
                for k in min(count, part * chunk)..<min(count, (part + 1) * chunk) {
                    let s = hashStream(k, t: index, salt: salt)
                    // 0 + a·s would not change a·s, so the weight rule stays bit-exact.
                    base.value[k] = Float(offset + scale * (absolute ? Swift.abs(s) : s))
                }
            }
        }
        try entry.assign(values)
        record.append((entry.name, t, rule))
        t += 1
    }
    return record
}

/// A tensor of `shape` whose row-major element `i` is `s(i; t, salt)` (the input and `r` rule).
func hashTensor(_ shape: [Int], t: Int, salt: Int) -> Tensor {
    Tensor.makeFloats(shape) { out in
        let base = out.baseAddress!
        for i in 0..<out.count { base[i] = Float(hashStream(i, t: t, salt: salt)) }
    }
}

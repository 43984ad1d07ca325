import TensorEngine

/// The largest elementwise error between two equally long arrays, relative to
/// `max(1, |expected|)` (so small values are compared absolutely).
public func maxRelativeError(_ actual: [Double], _ expected: [Double]) -> Double {
    precondition(actual.count == expected.count, "compared arrays of \(actual.count) and \(expected.count) elements")
    var worst = 0.0
    for (a, e) in zip(actual, expected) {
        if a.isNaN != e.isNaN { return .infinity }
        worst = max(worst, abs(a - e) / max(1, abs(e)))
    }
    return worst
}

/// The largest elementwise absolute difference.
public func maxAbsoluteError(_ actual: [Double], _ expected: [Double]) -> Double {
    precondition(actual.count == expected.count, "compared arrays of \(actual.count) and \(expected.count) elements")
    return zip(actual, expected).map { abs($0 - $1) }.max() ?? 0
}

/// Whether `actual` and `expected` agree to a few units in the last place of `dtype`, measured
/// at the largest magnitude of `expected` (a sum that cancels keeps the absolute error of its
/// terms): `|a − e| ≤ ulps · ε · max(1, max|e|)`.
public func agreeInLastPlaces(_ actual: [Double], _ expected: [Double], _ dtype: DType, ulps: Double = 8) -> Bool {
    let epsilon = dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
    let scale = expected.map(abs).max() ?? 0
    return actual.count == expected.count
        && zip(actual, expected).allSatisfy { abs($0 - $1) <= ulps * epsilon * max(1, scale) }
}

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

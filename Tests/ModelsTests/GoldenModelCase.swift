import Foundation
import TestSupport

/// One tensor of a golden file: full data, or a summary (first values and strided samples).
struct GoldenTensor {
    let shape: [Int]
    /// `(flat index, value)` pairs available for comparison.
    let points: [(index: Int, value: Double)]
    let isFull: Bool

    init(_ json: Any?) throws {
        guard let object = json as? [String: Any], let shape = object["shape"] as? [Int] else {
            throw GoldenError("not a tensor record: \(String(describing: json).prefix(80))")
        }
        self.shape = shape
        if let data = object["data"] as? [Double] {
            points = data.enumerated().map { ($0.offset, $0.element) }
            isFull = true
        } else if let summary = object["summary"] as? [String: Any], let first = summary["first"] as? [Double],
            let indices = summary["sample_indices"] as? [Int], let sample = summary["sample"] as? [Double]
        {
            points = first.enumerated().map { ($0.offset, $0.element) } + zip(indices, sample).map { ($0, $1) }
            isFull = false
        } else {
            throw GoldenError("tensor record without data or summary")
        }
    }
}

/// How far PyTorch float32 is from float64 for one field (`float32_vs_float64`).
struct PrecisionGap {
    let maxAbsDiff: Double, maxAbsRef: Double, relL2: Double

    init(_ json: Any?) throws {
        guard let o = json as? [String: Any], let d = o["max_abs_diff"] as? Double, let r = o["max_abs_ref"] as? Double,
            let l = o["rel_l2"] as? Double
        else { throw GoldenError("bad float32_vs_float64 record") }
        (maxAbsDiff, maxAbsRef, relL2) = (d, r, l)
    }

    private init(maxAbsDiff: Double, maxAbsRef: Double, relL2: Double) {
        (self.maxAbsDiff, self.maxAbsRef, self.relL2) = (maxAbsDiff, maxAbsRef, relL2)
    }

    /// A gap that sends a field to the relative-L2 comparison.
    static let unstable = PrecisionGap(maxAbsDiff: 1, maxAbsRef: 1, relL2: 1)

    /// Fields whose float32 result is intrinsically unstable (README §6: ReLU sign flips in
    /// ResNet101 gradients) are compared by relative L2 instead of elementwise.
    var isUnstable: Bool { maxAbsDiff > 2e-4 * maxAbsRef }
}

struct GoldenError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Compares `actual` (row-major, full) with a golden tensor under README §6's rule:
/// elementwise `|a − g| ≤ max(20·max_abs_diff, 1e-6·max_abs_ref)`, or relative L2 ≤ 5e-2 for
/// unstable fields. Returns a failure message, or nil.
func compare(_ actual: [Float], _ golden: GoldenTensor, gap: PrecisionGap, field: String) -> String? {
    guard actual.count == golden.shape.reduce(1, *) else {
        return "\(field): \(actual.count) elements, golden shape \(golden.shape)"
    }
    if gap.isUnstable {
        var diff = 0.0
        var norm = 0.0
        for (i, g) in golden.points {
            diff += (Double(actual[i]) - g) * (Double(actual[i]) - g)
            norm += g * g
        }
        let rel = (diff / max(norm, 1e-300)).squareRoot()
        return rel <= 5e-2 ? nil : "\(field): relative L2 error \(rel) > 5e-2 (over \(golden.points.count) values)"
    }
    let tolerance = max(20 * gap.maxAbsDiff, 1e-6 * gap.maxAbsRef)
    var worst = (error: 0.0, index: 0, golden: 0.0)
    for (i, g) in golden.points where abs(Double(actual[i]) - g) > worst.error {
        worst = (abs(Double(actual[i]) - g), i, g)
    }
    return worst.error <= tolerance
        ? nil
        : "\(field): |Δ| = \(worst.error) > \(tolerance) at \(worst.index) (golden \(worst.golden), got \(actual[worst.index]))"
}

/// The largest error ratio `|a − g| / tolerance` (for reporting how tight a pass is).
func errorRatio(_ actual: [Float], _ golden: GoldenTensor, gap: PrecisionGap) -> Double {
    let tolerance = max(20 * gap.maxAbsDiff, 1e-6 * gap.maxAbsRef)
    return golden.points.map { abs(Double(actual[$0.index]) - $0.value) }.max().map { $0 / tolerance } ?? 0
}

/// A parsed `golden/models/*.json` case.
struct GoldenModelCase {
    let url: URL
    let json: [String: Any]

    init(_ url: URL) throws {
        self.url = url
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw GoldenError("\(url.lastPathComponent): not a JSON object")
        }
        json = object
    }

    var name: String { url.lastPathComponent }
    var model: String { json["model"] as? String ?? "" }
    var constructor: [String: Any] { json["constructor"] as? [String: Any] ?? [:] }
    var numClasses: Int { constructor["num_classes"] as? Int ?? 0 }
    var lastStride: Int { constructor["last_stride"] as? Int ?? 1 }
    var isTraining: Bool { json["mode"] as? String == "train" }
    /// Whether float32 ReLU sign flips may reroute the input gradient and the gradients of the
    /// layers before layer4 (README §6: ResNet101 and ResNet101-IBN-a, 1e-3 to 2e-2 between
    /// float32 and float64 in PyTorch itself).
    var hasReroutableGradients: Bool { model.hasPrefix("ResNet101") }
    var salt: Int { (json["weight_fill"] as? [String: Any])?["salt"] as? Int ?? 0 }
    var stateDict: [[String: Any]] { json["state_dict"] as? [[String: Any]] ?? [] }

    func section(_ key: String) -> [String: Any] { json[key] as? [String: Any] ?? [:] }

    /// The input rule: shape, `t` and salt.
    var input: (shape: [Int], t: Int, salt: Int) {
        let s = section("input")
        return (s["shape"] as? [Int] ?? [], s["t"] as? Int ?? 0, s["salt"] as? Int ?? 0)
    }

    var lossWeights: (shape: [Int], t: Int, salt: Int) {
        let s = section("r")
        return (s["shape"] as? [Int] ?? [], s["t"] as? Int ?? 0, s["salt"] as? Int ?? 0)
    }
}

import Foundation
import ScriptLanguage
import TensorEngine

/// NumPy-like printing: the values of small tensors, and for large ones the shape, dtype, the
/// first and last elements and mean, std, min and max.
enum TensorFormatter {
    /// Tensors with more elements than this print as a summary.
    static let summaryThreshold = 1000

    static func describe(_ tensor: Tensor) -> String {
        let values = tensor.contiguous().doubles
        let header = "shape \(tensor.shape), \(tensor.dtype.rawValue)"
        if values.count > summaryThreshold { return summary(values, header: header) }
        let width = values.map { format($0).count }.max() ?? 1
        return "tensor(\(body(values, shape: tensor.shape, width: width, indent: 7)), \(header))"
    }

    private static func summary(_ values: [Double], header: String) -> String {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let head = values.prefix(3).map(format).joined(separator: ", ")
        let tail = values.suffix(3).map(format).joined(separator: ", ")
        return "tensor([\(head), ..., \(tail)], \(header))\n"
            + "  mean \(format(mean))  std \(format(variance.squareRoot()))"
            + "  min \(format(values.min() ?? 0))  max \(format(values.max() ?? 0))"
    }

    private static func body(_ values: [Double], shape: [Int], width: Int, indent: Int) -> String {
        guard let first = shape.first else { return format(values.first ?? 0) }
        if shape.count == 1 {
            return "[" + values.map { pad(format($0), width) }.joined(separator: ", ") + "]"
        }
        let inner = Array(shape.dropFirst())
        let stride = inner.reduce(1, *)
        let separator =
            "," + String(repeating: "\n", count: shape.count - 1) + String(repeating: " ", count: indent + 1)
        let rows = (0..<first).map { i in
            body(Array(values[i * stride..<(i + 1) * stride]), shape: inner, width: width, indent: indent + 1)
        }
        return "[" + rows.joined(separator: separator) + "]"
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }

    /// Whole numbers without a fraction, others with four significant decimals.
    static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) + "." }
        if abs(x) >= 1e5 || abs(x) < 1e-4 { return String(format: "%.4e", x) }
        return String(format: "%.4f", x)
    }
}

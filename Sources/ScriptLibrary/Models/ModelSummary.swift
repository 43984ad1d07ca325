import Foundation
import Models
import NeuralNetwork

/// The table `summary(model, size)` prints.
enum ModelSummary {
    static func text(_ network: any ImageNetwork, height: Int, width: Int) throws -> String {
        let complexity = try network.complexity(height: height, width: width)
        var rows: [(String, Int)] = []
        for (name, parameter) in network.namedParameters() {
            let block = String(name.prefix { $0 != "." })
            if let last = rows.indices.last, rows[last].0 == block {
                rows[last].1 += parameter.value.count
            } else {
                rows.append((block, parameter.value.count))
            }
        }
        let width0 = max(12, rows.map(\.0.count).max() ?? 0)
        var lines = ["\(network.name) on \(height)x\(width) images",
                     "block".padding(toLength: width0, withPad: " ", startingAt: 0) + "  parameters"]
        for (block, count) in rows {
            lines.append(block.padding(toLength: width0, withPad: " ", startingAt: 0) + "  " + grouped(count))
        }
        lines.append("total".padding(toLength: width0, withPad: " ", startingAt: 0) + "  " + grouped(complexity.parameters))
        lines.append("MACs for one image: \(grouped(complexity.macs)) (\(String(format: "%.3f", Double(complexity.macs) / 1e9)) G)")
        return lines.joined(separator: "\n")
    }

    private static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }
}

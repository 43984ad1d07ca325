import Foundation
import Models
import NeuralNetwork
import ScriptLanguage

/// The table `summary(model, size)` prints: parameters and MACs (ptflops' count) per stage.
///
/// Stages are the network's top-level blocks (`conv1`, `layer1` … `layer4`, `fc` for a ResNet);
/// a block holding most of the MACs (MobileNet's `model`, Swin's `layers`) is split into its
/// children, so each row is a stage worth reading.
enum ModelSummary {
    struct Row {
        var path: String
        var parameters: Int
        var macs: Int
    }

    static func rows(_ network: any ImageNetwork, height: Int, width: Int) throws -> (
        rows: [Row], macs: Int, parameters: Int
    ) {
        var tally = ComplexityTally(checksTrainingBatches: false)
        tally.breakdownDepth = 4
        _ = try network.trace([1, 3, height, width], &tally)
        var macs: [String: Int] = [:]
        var children: [String: [String]] = [:]
        for (path, count) in tally.breakdown {
            if macs[path] == nil {
                let parent = path.split(separator: ".").dropLast().joined(separator: ".")
                children[parent, default: []].append(path)
            }
            macs[path, default: 0] += count
        }
        var paths = children[""] ?? []
        // Split a dominant block into its children until no row holds more than 60 %.
        while let i = paths.firstIndex(where: { 10 * (macs[$0] ?? 0) > 6 * tally.macs && !(children[$0] ?? []).isEmpty }
        ) {
            paths.replaceSubrange(i...i, with: children[paths[i]] ?? [])
        }
        let parameters = network.namedParameters().map { ($0.name, $0.parameter.value.count) }
        var covered = 0
        var rows: [Row] = paths.map { path in
            let count = parameters.filter { $0.0 == path || $0.0.hasPrefix(path + ".") }.reduce(0) { $0 + $1.1 }
            covered += count
            return Row(path: path, parameters: count, macs: macs[path] ?? 0)
        }
        let total = parameters.reduce(0) { $0 + $1.1 }
        // Parameters outside every row, and MACs a network counts outside its named blocks
        // (a functional ReLU), so the rows add up to the totals.
        let counted = rows.reduce(0) { $0 + $1.macs }
        if total > covered || tally.macs > counted {
            rows.append(Row(path: "(other)", parameters: total - covered, macs: max(0, tally.macs - counted)))
        }
        return (rows.filter { $0.parameters > 0 || $0.macs > 0 }, tally.macs, total)
    }

    /// The summary as a report: printed as a table; `.parameters`, `.macs` and `.blocks` as values.
    static func report(_ network: any ImageNetwork, height: Int, width: Int) throws -> ReportObject {
        let (rows, macs, parameters) = try rows(network, height: height, width: width)
        let nameWidth = max(12, rows.map(\.path.count).max() ?? 0)
        let pad = { (text: String, width: Int) in String(repeating: " ", count: max(0, width - text.count)) + text }
        let share = { (count: Int) in
            macs > 0 ? String(format: "%5.1f%%", 100 * Double(count) / Double(macs)) : "     -"
        }
        func line(_ name: String, _ p: String, _ m: String, _ s: String) -> String {
            name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + pad(p, 14) + pad(m, 16) + pad(s, 8)
        }
        var lines = ["\(network.name) on \(height)x\(width) images", line("block", "parameters", "MACs", "share")]
        lines += rows.map { line($0.path, grouped($0.parameters), grouped($0.macs), share($0.macs)) }
        lines.append(line("total", grouped(parameters), grouped(macs), share(macs)))
        lines.append(
            "MACs for one image: \(grouped(macs)) (\(String(format: "%.3f", Double(macs) / 1e9)) G); "
                + "\(ParameterCounts(network))")
        let blocks: [Value] = rows.map {
            .record([
                ("block", .string($0.path)), ("parameters", .number(Double($0.parameters))),
                ("macs", .number(Double($0.macs))),
            ])
        }
        return ReportObject(
            typeName: "ModelSummary", text: lines.joined(separator: "\n"),
            fields: [
                ("model", .string(network.name)), ("size", .integers([height, width])),
                ("parameters", .number(Double(parameters))), ("macs", .number(Double(macs))), ("blocks", .list(blocks)),
            ])
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }
}

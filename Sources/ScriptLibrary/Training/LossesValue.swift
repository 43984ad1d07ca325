import Foundation
import ScriptLanguage
import Training

/// `run.losses`: printing shows one row per epoch (terms, learning rate, accuracy); indexing
/// by a term name gives its per-step series; `plot(run.losses)` draws every term.
final class LossesValue: HostObject {
    let history: LossHistory

    init(_ history: LossHistory) { self.history = history }

    var typeName: String { "Losses" }

    var attributeNames: [String] { ["terms", "steps", "epochs"] }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "terms": return .list(history.termNames.map(Value.string))
        case "steps": return .number(Double(history.steps.count))
        case "epochs": return .list(history.epochs.map { RunValue.termsValue($0.terms) })
        default: return nil
        }
    }

    func subscriptGet(_ indices: [IndexValue]) throws -> Value? {
        guard indices.count == 1, case .single(.string(let term)) = indices[0] else {
            throw ScriptError(.type, "index losses by a term name, one of \(history.termNames)")
        }
        guard history.termNames.contains(term) else {
            throw ScriptError(
                .key, "no loss term '\(term)'; the terms are \(history.termNames.joined(separator: ", "))")
        }
        return .list(history.series(term).map(Value.number))
    }

    var length: Int? { history.steps.count }

    /// The chart of every term per step (per epoch when there are many steps per epoch).
    var chart: LineChart {
        let terms = history.termNames.filter { $0 != "acc" }
        return LineChart(
            series: terms.map { .init(name: $0, values: history.series($0)) }, title: "losses", xLabel: "step")
    }

    var description: String {
        guard let table else { return "Losses(no step yet)" }
        let lines = table.map { row in
            row.map { $0.padding(toLength: 12, withPad: " ", startingAt: 0) }.joined()
        }
        return (lines + [footnote]).joined(separator: "\n")
    }

    /// The same table for a notebook.
    var markdown: String? {
        guard let table else { return nil }
        let rows = table.map { "| " + $0.joined(separator: " | ") + " |" }
        let rule = "|" + String(repeating: "---|", count: table[0].count)
        return ([rows[0], rule] + rows.dropFirst() + ["", footnote]).joined(separator: "\n")
    }

    /// A header and one row per epoch (the last step's before the first epoch ends).
    private var table: [[String]]? {
        guard !history.epochs.isEmpty || !history.steps.isEmpty else { return nil }
        let rows = history.epochs.isEmpty ? [history.steps[history.steps.count - 1]] : history.epochs
        let terms = history.termNames
        return [["epoch", "lr"] + terms]
            + rows.map { row in
                ["\(row.epoch)", String(format: "%.2e", row.learningRate)]
                    + terms.map { String(format: "%.4f", row.terms[$0] ?? .nan) }
            }
    }

    private var footnote: String {
        "(\(history.steps.count) steps; losses[\"loss\"] gives a series, plot(losses) draws them)"
    }
}

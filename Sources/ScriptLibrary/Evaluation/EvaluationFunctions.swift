import Datasets
import Evaluation
import Foundation
import ScriptLanguage
import Training

/// Evaluation and pictures of its results.
enum EvaluationFunctions {
    static var functions: [NativeFunction] {
        [
            NativeFunction("evaluate", [Parameter("run")],
                           doc: "Student queries against the teacher's gallery (the student's for Vanilla): mAP, mINP, R@1/5/10.") { args in
                let run = try args.host(0, as: RunValue.self, named: "Run").run
                return .host(ResultValue(try run.evaluate(), query: run.dataset.query, gallery: run.dataset.gallery))
            },
            NativeFunction("worst_queries", [Parameter("result"), Parameter("count", default: .number(10))],
                           doc: "The queries with the lowest average precision: [{query, ap, first_hit, path}].") { args in
                let value = try args.host(0, as: ResultValue.self, named: "Result")
                return .list(value.result.worstQueries(try args.integer(1)).map { q in
                    .dictionary(ScriptDictionary([
                        ("query", .number(Double(q.query))), ("ap", q.averagePrecision.map(Value.number) ?? .nil),
                        ("first_hit", q.firstHitRank.map { .number(Double($0)) } ?? .nil),
                        ("path", q.query < value.query.count ? .string(value.query[q.query].path) : .nil),
                    ]))
                })
            },
            NativeFunction("ranked", [Parameter("result"), Parameter("query", keywordOnly: true),
                                      Parameter("k", default: .number(10), keywordOnly: true), Parameter("to", keywordOnly: true)],
                           doc: "A PNG strip of a query image and its top-k gallery images, hits framed green, misses red.") { args in
                let value = try args.host(0, as: ResultValue.self, named: "Result")
                let index = try args.integer(1), k = try args.integer(2)
                guard let query = value.result.queries.first(where: { $0.query == index }), index < value.query.count else {
                    throw ScriptError(.index, "query \(index) is not among the \(value.query.count) queries")
                }
                let record = value.query[index]
                let results = try query.topGalleryIndices.prefix(max(0, k)).enumerated().map { rank, g in
                    let item = value.gallery[g]
                    return RankedStrip.Entry(image: try ImageCodec.decode(contentsOf: URL(fileURLWithPath: item.path)),
                                             caption: "\(rank + 1): \(String(format: "%.2f", query.topDistances[rank]))",
                                             isHit: item.pid == record.pid)
                }
                let strip = RankedStrip(query: .init(image: try ImageCodec.decode(contentsOf: URL(fileURLWithPath: record.path)),
                                                     caption: "query \(index)", isHit: nil), results: results)
                let url = URL(fileURLWithPath: try args.string(3))
                try ImageCodec.write(strip.image(), to: url)
                return .string(url.path)
            },
            NativeFunction("project", [Parameter("embeddings"), Parameter("labels"), Parameter("to", keywordOnly: true)],
                           doc: "A PNG scatter of embeddings [N, D] on their two principal axes, coloured by label.") { args in
                let features = try args.tensor(0), labels = try args.integers(1)
                guard labels.count == features.shape.first else {
                    throw ScriptError(.value, "project needs one label per embedding row: \(labels.count) labels for shape \(features.shape)")
                }
                let points = try Projection.principalComponents(features)
                let url = URL(fileURLWithPath: try args.string(2))
                try ImageCodec.write(ScatterPlot(points: points, classes: labels, title: "embeddings (PCA)").image(), to: url)
                return .string(url.path)
            },
            NativeFunction("plot", [Parameter("data"), Parameter("to", default: .nil, keywordOnly: true)],
                           doc: "Draws losses (a Run, run.losses, a list or a {name: list} dict) in the terminal, or as a PNG with to: \"file.png\".") { args in
                let chart = try chart(args[0], function: args.function)
                if case .string(let path) = args[1] {
                    let url = URL(fileURLWithPath: path)
                    try ImageCodec.write(chart.image(), to: url)
                    return .string(url.path)
                }
                args.interpreter.output(chart.terminal())
                return .nil
            },
        ]
    }

    static func chart(_ value: Value, function: String) throws -> LineChart {
        switch value {
        case .host(let object as RunValue): return LossesValue(object.run.history).chart
        case .host(let object as LossesValue): return object.chart
        case .list(let items): return LineChart(series: [.init(name: "value", values: try numbers(items, function))], title: "", xLabel: "index")
        case .dictionary(let dictionary):
            let series = try dictionary.keys.map { key -> LineChart.Series in
                guard case .list(let items) = dictionary[key] ?? .nil else {
                    throw ScriptError(.type, "\(function) expects each dictionary value to be a list of numbers")
                }
                return .init(name: key.description, values: try numbers(items, function))
            }
            return LineChart(series: series, title: "", xLabel: "index")
        default:
            throw ScriptError(.type, "\(function) draws a Run, its losses, a list of numbers or a {name: list} dict, not \(value.typeName)")
        }
    }

    static func numbers(_ items: [Value], _ function: String) throws -> [Double] {
        try items.map {
            guard case .number(let n) = $0 else { throw ScriptError(.type, "\(function) expects numbers, got \($0.typeName)") }
            return n
        }
    }

    static func install(_ interpreter: Interpreter) {
        interpreter.register(functions)
        interpreter.register(ResultValue.type)
    }
}

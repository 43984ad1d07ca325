import Datasets
import Evaluation
import Foundation
import ScriptLanguage
import TensorEngine
import Training

/// Evaluation and pictures of its results.
enum EvaluationFunctions {
    static var functions: [NativeFunction] {
        [
            NativeFunction(
                "evaluate", [Parameter("query"), Parameter("gallery", default: .nil)],
                doc:
                    "evaluate(run): its student's queries against the teacher's gallery; evaluate(q, g): query Embeddings against gallery Embeddings. mAP, mINP, R@1/5/10 as a table."
            ) { args in
                switch (args[0], args[1]) {
                case (.host(let value as RunValue), .nil):
                    return .host(try ResultValue.evaluating(value))
                case (.host(let query as EmbeddingsValue), .host(let gallery as EmbeddingsValue)):
                    return .host(try EmbeddingFunctions.evaluate(query, gallery))
                case (.host(is EmbeddingsValue), .nil):
                    throw ScriptError(
                        .argument, "evaluate needs gallery embeddings too: evaluate(query, gallery)",
                        hint: "g = embed(teacher, data, split: \"gallery\")")
                case (.host(is EmbeddingsValue), _):
                    throw args.typeError(1, expected: "Embeddings (from embed)")
                case (.host(is RunValue), _):
                    throw ScriptError(
                        .argument, "evaluate(run) takes no gallery: a run evaluates against its own teacher")
                default:
                    throw args.typeError(0, expected: "a Run or query Embeddings")
                }
            },
            NativeFunction(
                "worst_queries", [Parameter("result"), Parameter("count", default: .number(10))],
                doc: "The queries of a Result (or of a Run, evaluated) with the lowest "
                    + "average precision: [{query, ap, first_hit, path}]."
            ) { args in
                let value = try ResultValue.argument(args, 0)
                return .list(
                    value.result.worstQueries(try args.integer(1)).map { q in
                        .dictionary(
                            ScriptDictionary([
                                ("query", .number(Double(q.query))),
                                ("ap", q.averagePrecision.map(Value.number) ?? .nil),
                                ("first_hit", q.firstHitRank.map { .number(Double($0)) } ?? .nil),
                                ("path", q.query < value.query.count ? .string(value.query[q.query].path) : .nil),
                            ]))
                    })
            },
            NativeFunction(
                "ranked",
                [
                    Parameter("result"), Parameter("query", keywordOnly: true),
                    Parameter("k", default: .number(10), keywordOnly: true), Parameter("to", keywordOnly: true),
                ],
                doc: "A PNG strip of a query image and its top-k gallery images (from a "
                    + "Result, or a Run, evaluated), hits framed green, misses red."
            ) { args in
                let value = try ResultValue.argument(args, 0)
                let index = try args.integer(1)
                let k = try args.integer(2)
                guard let query = value.result.queries.first(where: { $0.query == index }), index < value.query.count
                else {
                    throw ScriptError(.index, "query \(index) is not among the \(value.query.count) queries")
                }
                let record = value.query[index]
                let results = try query.topGalleryIndices.prefix(max(0, k)).enumerated().map { rank, g in
                    let item = value.gallery[g]
                    return RankedStrip.Entry(
                        image: try ImageCodec.decode(contentsOf: URL(fileURLWithPath: item.path)),
                        caption: [
                            "#\(rank + 1)  d \(String(format: "%.3f", query.topDistances[rank]))", "class \(item.pid)",
                        ],
                        isHit: item.pid == record.pid)
                }
                let hits = results.filter { $0.isHit == true }.count
                var strip = RankedStrip(
                    query: .init(
                        image: try ImageCodec.decode(contentsOf: URL(fileURLWithPath: record.path)),
                        caption: ["query \(index)", "class \(record.pid)"], isHit: nil), results: results)
                strip.header =
                    "query \(index) (class \(record.pid)): \(hits) of the top \(results.count) are the same class"
                    + " (green frame), \(results.count - hits) are not (red)"
                let url = try PictureOutput.write(
                    strip.image(), to: try args.string(3), for: "ranked", args.interpreter)
                return .string(url.path)
            },
            NativeFunction(
                "project",
                [Parameter("embeddings"), Parameter("labels", default: .nil), Parameter("to", keywordOnly: true)],
                doc: "A PNG scatter on the two principal axes, coloured by class, of "
                    + "Embeddings (their own labels), a Result's or a Run's query and gallery "
                    + "embeddings together, or an [N, D] tensor with labels."
            ) { args in
                let (features, labels, title) = try projected(args)
                guard features.rank == 2, labels.count == features.shape[0] else {
                    throw ScriptError(
                        .value,
                        "project needs [N, D] embeddings and one label per row: \(labels.count) labels for shape \(features.shape)"
                    )
                }
                let (points, explained) = try Projection.analysis(features)
                let plot = ScatterPlot(points: points, classes: labels, title: title, explained: explained)
                let url = try PictureOutput.write(
                    plot.image(), to: try args.string(2), for: "project", args.interpreter)
                return .string(url.path)
            },
            NativeFunction(
                "plot", [Parameter("data"), Parameter("to", default: .nil, keywordOnly: true)],
                doc: "Draws losses (a Run, run.losses, a list or a {name: list} dict) in the terminal "
                    + "(inline in a notebook), or as a PNG with to: \"file.png\"."
            ) { args in
                let chart = try chart(args[0], function: args.function)
                if case .string(let path) = args[1] {
                    let url = try PictureOutput.write(chart.image(), to: path, for: "plot", args.interpreter)
                    return .string(url.path)
                }
                // A notebook shows the chart itself where a terminal can only draw braille.
                if args.interpreter.showPicture != nil {
                    try PictureOutput.show(chart.image(), args.interpreter)
                } else {
                    args.interpreter.output(chart.terminal())
                }
                return .nil
            },
        ]
    }

    /// The rows `project` draws, one class label per row, and the picture's title.
    static func projected(_ args: Arguments) throws -> (features: Tensor, labels: [Int], title: String) {
        switch args[0] {
        case .host(let embeddings as EmbeddingsValue):
            let labels: [Int]
            if case .nil = args[1] { labels = embeddings.records.map(\.pid) } else { labels = try args.integers(1) }
            return (embeddings.features, labels, "\(embeddings.origin) (PCA)")
        case .host(is ResultValue), .host(is RunValue):
            if case .nil = args[1] {
            } else {
                throw ScriptError(
                    .argument,
                    "project(\(args[0].typeName.lowercased())) takes its labels "
                        + "from its images; give no labels")
            }
            guard let (query, gallery) = try ResultValue.argument(args, 0).embeddings else {
                throw ScriptError(
                    .value,
                    "project: this Result has no embeddings (one read from a "
                        + "file written before they were kept has only its ranked lists)",
                    hint: "project the Result of evaluate(run) or evaluate(query, gallery)")
            }
            return (
                try Tensor.concatenated([query.features, gallery.features], axis: 0),
                (query.records + gallery.records).map(\.pid),
                "queries and gallery together (PCA)"
            )
        case .host(is TensorValue), .list:
            if case .nil = args[1] {
                throw ScriptError(
                    .argument,
                    "project needs labels for a plain tensor: "
                        + "project(t, labels, to: \"emb.png\")",
                    hint: "or pass the Embeddings from embed(model, data), which "
                        + "carry their labels")
            }
            return (try args.tensor(0), try args.integers(1), "embeddings (PCA)")
        default:
            throw args.typeError(0, expected: "Embeddings, a Result, a Run or an [N, D] tensor")
        }
    }

    static func chart(_ value: Value, function: String) throws -> LineChart {
        switch value {
        case .host(let object as RunValue): return LossesValue(object.run.history).chart
        case .host(let object as LossesValue): return object.chart
        case .list(let items):
            return LineChart(
                series: [.init(name: "value", values: try numbers(items, function))], title: "", xLabel: "index")
        case .dictionary(let dictionary):
            let series = try dictionary.keys.map { key -> LineChart.Series in
                guard case .list(let items) = dictionary[key] ?? .nil else {
                    throw ScriptError(.type, "\(function) expects each dictionary value to be a list of numbers")
                }
                return .init(name: key.description, values: try numbers(items, function))
            }
            return LineChart(series: series, title: "", xLabel: "index")
        default:
            throw ScriptError(
                .type,
                "\(function) draws a Run, its losses, a list of numbers or a {name: list} dict, not \(value.typeName)")
        }
    }

    static func numbers(_ items: [Value], _ function: String) throws -> [Double] {
        try items.map {
            guard case .number(let n) = $0 else {
                throw ScriptError(.type, "\(function) expects numbers, got \($0.typeName)")
            }
            return n
        }
    }

    static func install(_ interpreter: Interpreter) {
        interpreter.register(functions)
        interpreter.register(ResultValue.type)
    }
}

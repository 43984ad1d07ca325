import Datasets
import Evaluation
import Foundation
import ScriptLanguage

/// `evaluate(run)`: mAP, mINP and R@1/5/10 as a table, with the per-query results kept for
/// `worst_queries`, `ranked` and `result.export("r.csv")`.
public final class ResultValue: HostObject {
    /// The metrics and every query's ranked list.
    public let result: EvaluationResult
    /// The query images, for pictures of ranked lists.
    public let query: [ImageRecord]
    /// The gallery images the ranked lists index.
    public let gallery: [ImageRecord]

    /// The query and gallery embeddings that were ranked, when known (not for a result read
    /// back from a file): `project(result)` draws them.
    public let embeddings: (query: EmbeddingsValue, gallery: EmbeddingsValue)?

    /// Pairs `result` with the images it ranked and, when known, their embeddings.
    public init(
        _ result: EvaluationResult, query: [ImageRecord], gallery: [ImageRecord],
        embeddings: (query: EmbeddingsValue, gallery: EmbeddingsValue)? = nil
    ) {
        self.result = result
        self.query = query
        self.gallery = gallery
        self.embeddings = embeddings
    }

    /// Pairs `result` with the embeddings it ranked.
    convenience init(_ result: EvaluationResult, query: EmbeddingsValue, gallery: EmbeddingsValue) {
        self.init(result, query: query.records, gallery: gallery.records, embeddings: (query, gallery))
    }

    /// `"Result"`.
    public var typeName: String { "Result" }

    /// The metrics a script can read.
    public var attributeNames: [String] {
        ["mAP", "mINP", "R1", "R5", "R10", "valid_queries"] + (embeddings == nil ? [] : ["query", "gallery"])
    }

    /// mAP, mINP, R@1/5/10, the number of valid queries, and the query and gallery embeddings.
    public func attribute(_ name: String) throws -> Value? {
        switch name {
        case "mAP": return .number(result.meanAveragePrecision)
        case "mINP": return .number(result.meanInverseNegativePenalty)
        case "R1": return result.rank(1).map(Value.number) ?? .nil
        case "R5": return result.rank(5).map(Value.number) ?? .nil
        case "R10": return result.rank(10).map(Value.number) ?? .nil
        case "valid_queries": return .number(Double(result.validQueryCount))
        case "query": return embeddings.map { .host($0.query) }
        case "gallery": return embeddings.map { .host($0.gallery) }
        default: return nil
        }
    }

    /// The metrics as a Markdown table.
    public var description: String {
        let cell = { (v: Double?) in v.map { String(format: "%6.2f%%", $0 * 100) } ?? "   n/a" }
        return """
            | mAP     | mINP    | R@1     | R@5     | R@10    | queries |
            |---------|---------|---------|---------|---------|---------|
            | \(cell(result.meanAveragePrecision)) | \(cell(result.meanInverseNegativePenalty)) | \(cell(result.rank(1))) | \(cell(result.rank(5))) | \(cell(result.rank(10))) | \(String(format: "%7d", result.validQueryCount)) |
            """
    }

    /// The metrics table, which is Markdown already.
    public var markdown: String? { description }

    static var type: HostType {
        HostType(
            "Result", doc: "Retrieval metrics with per-query results.",
            methods: [
                NativeFunction(
                    "export", [Parameter("path")],
                    doc: "Writes the per-query results as CSV (or .npy arrays for a .npz-less path ending in .npy)."
                ) { args in
                    let value = try receiver(args)
                    let url = try OutputFile.prepare(try args.string(0), for: "export")
                    if url.pathExtension == "npy" {
                        try value.result.writeNumpy(to: url)
                    } else {
                        try value.result.writeCSV(to: url)
                    }
                    return .string(url.path)
                }
            ])
    }

    static func receiver(_ args: Arguments) throws -> ResultValue {
        guard case .host(let object) = args.receiver ?? .nil, let value = object as? ResultValue else {
            throw ScriptError(.type, "\(args.function) is a method of Result")
        }
        return value
    }
}

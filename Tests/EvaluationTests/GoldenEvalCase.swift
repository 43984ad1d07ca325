import Evaluation
import Foundation
import TensorEngine
import TestSupport

/// One `golden/eval/*.json` case (schema in `golden/eval/README.md`).
struct GoldenEvalCase {
    struct Expected {
        let distances: [[Double]]
        let ranking: [[Int]]
        let validQuery: [Bool]
        let validCount: Int
        let cmc: [Double]
        let mAP: Double
        let mINP: Double
        let allAP: [Double]
        let allINP: [Double]
    }

    let name: String
    let queryFeatures: Tensor
    let galleryFeatures: Tensor
    let query: RetrievalLabels
    let gallery: RetrievalLabels
    let maxRank: Int
    let results: [DistanceMetric: Expected]

    init(url: URL) throws {
        let data = try Data(contentsOf: url)
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw GoldenError.malformed(url.lastPathComponent, "top level")
        }
        func value<T>(_ key: String, in object: [String: Any] = json) throws -> T {
            guard let found = object[key] as? T else { throw GoldenError.malformed(url.lastPathComponent, key) }
            return found
        }
        func matrix(_ key: String) throws -> Tensor {
            let rows: [[Double]] = try value(key)
            return try Tensor(
                shape: [rows.count, rows.first?.count ?? 0], scalars: rows.flatMap { $0.map { Float($0) } })
        }
        name = url.lastPathComponent
        queryFeatures = try matrix("query_features")
        galleryFeatures = try matrix("gallery_features")
        query = try RetrievalLabels(pids: value("query_pids"), camids: value("query_camids"))
        gallery = try RetrievalLabels(pids: value("gallery_pids"), camids: value("gallery_camids"))
        maxRank = try value("max_rank")
        let resultObject: [String: Any] = try value("results")
        var results: [DistanceMetric: Expected] = [:]
        for (key, raw) in resultObject {
            let metric = try DistanceMetric(upstreamName: key)
            let object: [String: Any] = try value(key, in: resultObject)
            _ = raw
            results[metric] = Expected(
                distances: try value("distmat", in: object), ranking: try value("ranked_gallery_indices", in: object),
                validQuery: try value("valid_query", in: object), validCount: try value("num_valid_query", in: object),
                cmc: try value("cmc", in: object), mAP: try value("mAP", in: object),
                mINP: try value("mINP", in: object),
                allAP: try value("all_AP", in: object), allINP: try value("all_INP", in: object))
        }
        self.results = results
    }

    /// Every case file in `AIRS_GOLDEN_DIR/eval`.
    static func all() throws -> [GoldenEvalCase] {
        try goldenFiles("eval").map { try GoldenEvalCase(url: $0) }
    }
}

enum GoldenError: Error, CustomStringConvertible {
    case malformed(String, String)
    var description: String {
        switch self {
        case .malformed(let file, let key): return "\(file): key '\(key)' is missing or has the wrong type"
        }
    }
}

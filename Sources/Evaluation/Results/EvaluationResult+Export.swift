import Checkpoints
import Foundation
import TensorEngine

extension EvaluationResult {
    /// One line per query: `query,valid,positives,first_hit_rank,ap,inp,top_indices,top_distances`;
    /// invalid queries leave the metric fields empty, the top lists are `;`-separated.
    public func csv() -> String {
        var lines = ["query,valid,positives,first_hit_rank,ap,inp,top_indices,top_distances"]
        lines.reserveCapacity(queries.count + 1)
        for query in queries {
            let metrics: [String] = [
                query.firstHitRank.map { String($0) } ?? "",
                query.averagePrecision.map { String($0) } ?? "",
                query.inverseNegativePenalty.map { String($0) } ?? "",
            ]
            let top: [String] = [
                query.topGalleryIndices.map { String($0) }.joined(separator: ";"),
                query.topDistances.map { String($0) }.joined(separator: ";"),
            ]
            let fields: [String] =
                [String(query.query), query.isValid ? "1" : "0", String(query.positives)] + metrics + top
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `csv()` to `url` atomically.
    public func writeCSV(to url: URL) throws {
        do {
            try Data(csv().utf8).write(to: url, options: .atomic)
        } catch {
            throw EvaluationError.file(path: url.path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    /// The per-query results as arrays, for `.npy` export: `average_precision` and
    /// `inverse_negative_penalty` (`[queries]` float64, NaN when invalid), `first_hit_rank`
    /// (`[queries]` int64, -1 when invalid), `top_indices` (`[queries, k]` int64, -1 padded),
    /// `top_distances` (`[queries, k]` float32, NaN padded), `cmc` (`[maxRank]` float64).
    public func numpyArrays() throws -> [String: StoredTensor] {
        let width = queries.map(\.topGalleryIndices.count).max() ?? 0
        var indices: [Int] = []
        var distances: [Float] = []
        for query in queries {
            let padding = width - query.topGalleryIndices.count
            indices += query.topGalleryIndices + Array(repeating: -1, count: padding)
            distances += query.topDistances + Array(repeating: .nan, count: padding)
        }
        let count = queries.count
        func doubles(_ values: [Double]) throws -> StoredTensor {
            StoredTensor(try Tensor(shape: [values.count], doubles: values))
        }
        return [
            "average_precision": try doubles(queries.map { $0.averagePrecision ?? .nan }),
            "inverse_negative_penalty": try doubles(queries.map { $0.inverseNegativePenalty ?? .nan }),
            "first_hit_rank": try StoredTensor(integers: queries.map { $0.firstHitRank ?? -1 }, shape: [count]),
            "top_indices": try StoredTensor(integers: indices, shape: [count, width]),
            "top_distances": StoredTensor(try Tensor(shape: [count, width], scalars: distances)),
            "cmc": try doubles(cmc),
        ]
    }

    /// Writes every array of `numpyArrays()` as `<directory>/<name>.npy`, creating the directory.
    public func writeNumpy(to directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, array) in try numpyArrays() {
                try NumPyFormat.write(array, to: directory.appendingPathComponent(name + ".npy"))
            }
        } catch let error as EvaluationError {
            throw error
        } catch {
            throw EvaluationError.file(path: directory.path, message: "cannot write the .npy results: \(error)")
        }
    }
}

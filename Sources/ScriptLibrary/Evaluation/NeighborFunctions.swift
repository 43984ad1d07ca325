import ScriptLanguage
import TensorEngine

/// `neighbors`: the nearest rows of an embedding tensor by cosine similarity.
enum NeighborFunctions {
    /// Registers `neighbors`.
    static func install(in interpreter: Interpreter) {
        interpreter.register([neighbors])
    }

    static var neighbors: NativeFunction {
        NativeFunction(
            "neighbors", ["embeddings", "i", .init("k", default: .number(5))],
            doc:
                "The k rows of Embeddings (or an [N, D] tensor) most cosine-similar to row i, itself excluded: [[index, similarity], ...]."
        ) { args in
            let tensor: Tensor
            switch args[0] {
            case .host(let object as TensorValue): tensor = object.tensor
            case .host(let object as EmbeddingsValue): tensor = object.features
            default: throw args.typeError(0, expected: "Embeddings or an [N, D] tensor")
            }
            guard tensor.rank == 2 else {
                throw ScriptError(.value, "neighbors expects [N, D] embeddings, got shape \(tensor.shape)")
            }
            let rows = tensor.shape[0]
            let columns = tensor.shape[1]
            let i = try args.integer(1)
            let k = try args.integer(2)
            guard (0..<rows).contains(i) else {
                throw ScriptError(.index, "neighbors: row \(i) is out of range for \(rows) embeddings")
            }
            guard k >= 0 else { throw ScriptError(.value, "neighbors: k must not be negative, got \(k)") }
            let data = tensor.doubles
            func row(_ r: Int) -> ArraySlice<Double> { data[r * columns..<(r + 1) * columns] }
            func norm(_ r: Int) -> Double { max(row(r).reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12) }
            let query = row(i)
            let queryNorm = norm(i)
            let scored = (0..<rows).filter { $0 != i }.map { r in
                (r, zip(query, row(r)).reduce(0) { $0 + $1.0 * $1.1 } / (queryNorm * norm(r)))
            }
            // Ties keep the lower index first so results are stable.
            let best = scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(k)
            return .list(best.map { .list([.number(Double($0.0)), .number($0.1)]) })
        }
    }
}

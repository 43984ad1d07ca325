import ScriptLanguage
import TensorEngine

/// Indexing a tensor with several index items, each resolved with the language's list rules.
enum TensorIndexing {
    /// The elements `indices` select; axes past the last item are kept whole.
    static func select(_ tensor: Tensor, _ indices: [IndexValue]) throws -> Tensor {
        guard indices.count <= tensor.rank else {
            throw ScriptError(
                .index,
                "too many indices for a tensor of shape \(tensor.shape): got \(indices.count), it has \(tensor.rank) axes"
            )
        }
        var positions: [[Int]] = []
        var shape: [Int] = []
        for (axis, size) in tensor.shape.enumerated() {
            if axis < indices.count {
                let item = indices[axis]
                let chosen: [Int]
                do {
                    chosen = try item.positions(count: size)
                } catch {
                    var located = error
                    located.message += " (axis \(axis) of shape \(tensor.shape))"
                    throw located
                }
                positions.append(chosen)
                if case .slice = item { shape.append(chosen.count) }
            } else {
                positions.append(Array(0..<size))
                shape.append(size)
            }
        }
        let source = tensor.contiguous().doubles
        var strides = [Int](repeating: 1, count: tensor.rank)
        for axis in stride(from: tensor.rank - 2, through: 0, by: -1) {
            strides[axis] = strides[axis + 1] * tensor.shape[axis + 1]
        }
        var out: [Double] = []
        out.reserveCapacity(positions.reduce(1) { $0 * $1.count })
        func walk(_ axis: Int, _ offset: Int) {
            if axis == positions.count {
                out.append(source[offset])
                return
            }
            for p in positions[axis] { walk(axis + 1, offset + p * strides[axis]) }
        }
        walk(0, 0)
        return try Tensor(shape: shape, doubles: out).cast(to: tensor.dtype)
    }
}

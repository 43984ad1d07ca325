import ScriptLanguage
import TensorEngine

/// The tensor engine as script functions: creation, random tensors and element-wise, softmax,
/// similarity and sorting functions.
enum TensorFunctions {
    /// Registers the `Tensor` type and every tensor function.
    static func install(in interpreter: Interpreter) {
        interpreter.register(TensorMethods.type)
        interpreter.register(creation + elementwise + combining)
    }

    private static var dtypeParameter: Parameter { Parameter("dtype", default: .string("float32"), keywordOnly: true) }

    private static func dtype(_ args: Arguments, _ i: Int) throws(ScriptError) -> DType {
        let name = try args.string(i)
        guard let dtype = DType(rawValue: name) else {
            throw ScriptError(
                .value, "\(args.function): unknown dtype '\(name)'", hint: "use \"float32\" or \"float64\"")
        }
        return dtype
    }

    private static func shape(_ args: Arguments, _ i: Int) throws(ScriptError) -> [Int] {
        let shape = try args.integers(i)
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw ScriptError(.value, "\(args.function): a shape cannot have negative sizes, got \(shape)")
        }
        return shape
    }

    static var creation: [NativeFunction] {
        [
            NativeFunction(
                "tensor", ["data", dtypeParameter], doc: "A tensor from a number or (nested) lists of numbers."
            ) { args in
                .tensor(try TensorConversion.tensor(from: args[0], dtype: try dtype(args, 1), what: "tensor's 'data'"))
            },
            NativeFunction("zeros", ["shape", dtypeParameter], doc: "A tensor of zeros: zeros([2, 3]).") { args in
                .tensor(Tensor.zeros(try shape(args, 0), dtype: try dtype(args, 1)))
            },
            NativeFunction("ones", ["shape", dtypeParameter], doc: "A tensor of ones.") { args in
                .tensor(Tensor.ones(try shape(args, 0), dtype: try dtype(args, 1)))
            },
            NativeFunction("full", ["shape", "value", dtypeParameter], doc: "A tensor filled with value.") { args in
                .tensor(Tensor.full(try shape(args, 0), value: try args.number(1), dtype: try dtype(args, 2)))
            },
            NativeFunction("arange", ["n", dtypeParameter], doc: "0, 1, …, n-1 as a vector.") { args in
                let n = try args.integer(0)
                guard n >= 0 else { throw ScriptError(.value, "arange: n must not be negative, got \(n)") }
                return .tensor(Tensor.arange(n, dtype: try dtype(args, 1)))
            },
            NativeFunction("eye", ["n", dtypeParameter], doc: "The n×n identity matrix.") { args in
                let n = try args.integer(0)
                guard n >= 0 else { throw ScriptError(.value, "eye: n must not be negative, got \(n)") }
                return .tensor(Tensor.eye(n, dtype: try dtype(args, 1)))
            },
            NativeFunction(
                "randn", ["shape", .init("seed", default: .number(0), keywordOnly: true), dtypeParameter],
                doc: "Standard normal samples from a seeded generator."
            ) { args in
                var generator = RandomGenerator(seed: UInt64(truncatingIfNeeded: try args.integer(1)))
                return .tensor(Tensor.randomNormal(try shape(args, 0), dtype: try dtype(args, 2), using: &generator))
            },
            NativeFunction(
                "rand", ["shape", .init("seed", default: .number(0), keywordOnly: true), dtypeParameter],
                doc: "Uniform samples in [0, 1) from a seeded generator."
            ) { args in
                var generator = RandomGenerator(seed: UInt64(truncatingIfNeeded: try args.integer(1)))
                return .tensor(Tensor.randomUniform(try shape(args, 0), dtype: try dtype(args, 2), using: &generator))
            },
        ]
    }

    private static func unary(_ name: String, doc: String, _ body: @escaping (Tensor) throws -> Tensor)
        -> NativeFunction
    {
        // Numbers stay numbers (in float64), so `abs(-3)` and `sqrt(2)` work as in the prelude.
        NativeFunction(name, ["x"], doc: doc) { args in
            if case .number(let n) = args[0] {
                return .number(try body(Tensor.full([], value: n, dtype: .float64)).item())
            }
            return .tensor(try body(try args.tensor(0)))
        }
    }

    private static func alongAxis(_ name: String, doc: String, _ body: @escaping (Tensor, Int) throws -> Tensor)
        -> NativeFunction
    {
        NativeFunction(name, ["x", .init("axis", default: .number(-1), keywordOnly: true)], doc: doc) { args in
            let t = try args.tensor(0)
            return .tensor(try body(t, try TensorMethods.normalizedAxis(try args.integer(1), rank: t.rank, in: name)))
        }
    }

    static var elementwise: [NativeFunction] {
        [
            unary("exp", doc: "e to the power of each element.") { $0.exp() },
            unary("log", doc: "Natural logarithm of each element.") { $0.log() },
            unary("sqrt", doc: "Square root of each element.") { $0.sqrt() },
            unary("abs", doc: "Absolute value of each element (a number for a number).") { $0.abs() },
            unary("relu", doc: "max(x, 0) element-wise.") { $0.relu() },
            unary("sigmoid", doc: "1 / (1 + e^-x) element-wise.") { $0.sigmoid() },
            unary("tanh", doc: "Hyperbolic tangent element-wise.") { $0.tanh() },
            alongAxis("softmax", doc: "Softmax along axis (the last by default).") { try $0.softmax(axis: $1) },
            alongAxis("log_softmax", doc: "Log-softmax along axis (the last by default).") {
                try $0.logSoftmax(axis: $1)
            },
            alongAxis("normalize", doc: "Scales to unit L2 norm along axis (the last by default).") {
                try $0.l2Normalized(axis: $1)
            },
        ]
    }

    static var combining: [NativeFunction] {
        [
            NativeFunction("matmul", ["a", "b"], doc: "Matrix product (batched over leading axes); same as a @ b.") {
                args in
                .tensor(try args.tensor(0).matmul(try args.tensor(1)))
            },
            NativeFunction(
                "concat", ["tensors", .init("axis", default: .number(0), keywordOnly: true)],
                doc: "Joins tensors along an existing axis."
            ) { args in
                let parts = try tensors(args, 0)
                let axis = try TensorMethods.normalizedAxis(try args.integer(1), rank: parts[0].rank, in: "concat")
                return .tensor(try Tensor.concatenated(parts, axis: axis))
            },
            NativeFunction(
                "stack", ["tensors", .init("axis", default: .number(0), keywordOnly: true)],
                doc: "Joins equally shaped tensors along a new axis."
            ) { args in
                let parts = try tensors(args, 0)
                let axis = try TensorMethods.normalizedAxis(try args.integer(1), rank: parts[0].rank + 1, in: "stack")
                return .tensor(try Tensor.stacked(parts, axis: axis))
            },
            NativeFunction(
                "topk", ["x", "k", .init("largest", default: .bool(true), keywordOnly: true)],
                doc: "The k largest (or smallest) elements along the last axis: [values, indices]."
            ) { args in
                let t = try args.tensor(0)
                let k = try args.integer(1)
                let size = t.shape.last ?? 1
                guard k >= 1, k <= size else {
                    throw ScriptError(.value, "topk: k must be between 1 and \(size) (the last axis), got \(k)")
                }
                let (values, indices) = try t.topK(k, largest: args.bool(2))
                return .list([.tensor(values), indexTensor(indices, shape: values.shape)])
            },
            NativeFunction(
                "sort", ["x", .init("descending", default: .bool(false), keywordOnly: true)],
                doc: "Sorts along the last axis: [values, indices]."
            ) { args in
                let (values, indices) = try args.tensor(0).sorted(descending: args.bool(1))
                return .list([.tensor(values), indexTensor(indices, shape: values.shape)])
            },
            NativeFunction(
                "cosine_similarity", ["a", "b"],
                doc: "Cosine similarity of every row of a with every row of b (a matrix)."
            ) { args in
                let a = try args.tensor(0)
                let b = try args.tensor(1)
                guard a.rank == 2, b.rank == 2, a.shape[1] == b.shape[1] else {
                    throw ScriptError(
                        .value,
                        "cosine_similarity expects two matrices with the same number of columns, got shapes \(a.shape) and \(b.shape)"
                    )
                }
                return .tensor(try a.l2Normalized(axis: 1).matmul(b.l2Normalized(axis: 1).transposed()))
            },
        ]
    }

    private static func tensors(_ args: Arguments, _ i: Int) throws(ScriptError) -> [Tensor] {
        let items = try args.list(i)
        guard !items.isEmpty else { throw ScriptError(.value, "\(args.function) needs at least one tensor") }
        var out: [Tensor] = []
        for (n, item) in items.enumerated() {
            out.append(try TensorConversion.tensor(from: item, what: "\(args.function)'s tensor \(n)"))
        }
        return out
    }

    private static func indexTensor(_ indices: [Int], shape: [Int]) -> Value {
        guard let t = try? Tensor(shape: shape, doubles: indices.map(Double.init)) else { return .integers(indices) }
        return .tensor(t)
    }
}

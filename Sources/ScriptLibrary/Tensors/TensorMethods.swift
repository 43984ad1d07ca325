import ScriptLanguage
import TensorEngine

/// The `Tensor` host type: reductions, reshaping and conversion methods.
enum TensorMethods {
    static var type: HostType {
        HostType(
            "Tensor", doc: "An n-dimensional array of float32 or float64 numbers.",
            methods: [
                reduction("sum", doc: "Sum of all elements, or along axis.") { t, axis, keep in
                    try axis.map { try t.sum(axis: $0, keepingDimensions: keep) } ?? t.sum()
                },
                reduction("mean", doc: "Mean of all elements, or along axis.") { t, axis, keep in
                    try axis.map { try t.mean(axis: $0, keepingDimensions: keep) } ?? t.mean()
                },
                reduction("max", doc: "Largest element, or the largest along axis.") { t, axis, keep in
                    try axis.map { try t.max(axis: $0, keepingDimensions: keep).values } ?? t.max()
                },
                reduction("min", doc: "Smallest element, or the smallest along axis.") { t, axis, keep in
                    try axis.map { try t.min(axis: $0, keepingDimensions: keep).values } ?? t.min()
                },
                NativeFunction(
                    "argmax", [.init("axis", default: .nil, keywordOnly: true)],
                    doc: "Index of the largest element (flat), or a list of indices along axis."
                ) { args in
                    let t = try args.receiverTensor()
                    guard let axis = try args.optionalInteger(0) else {
                        return .number(Double(try t.reshaped([-1]).argmax(axis: 0)[0]))
                    }
                    let indices = try t.argmax(axis: try normalizedAxis(axis, rank: t.rank, in: args.function))
                    return .integers(indices)
                },
                NativeFunction("reshape", variadic: true, doc: "The same elements in a new shape; -1 infers one axis.")
                { args in
                    let t = try args.receiverTensor()
                    let shape =
                        args.rest.count == 1
                        ? try TensorConversion.integers(from: args.rest[0], what: "reshape's shape")
                        : try TensorConversion.integers(from: .list(args.rest), what: "reshape's shape")
                    return .tensor(try t.reshaped(shape))
                },
                NativeFunction(
                    "transpose", [.init("a", default: .number(-2)), .init("b", default: .number(-1))],
                    doc: "Swaps two axes (the last two by default)."
                ) { args in
                    let t = try args.receiverTensor()
                    return .tensor(
                        try t.transposed(
                            try normalizedAxis(try args.integer(0), rank: t.rank, in: "transpose"),
                            try normalizedAxis(try args.integer(1), rank: t.rank, in: "transpose")))
                },
                NativeFunction("item", doc: "The only element of a one-element tensor, as a number.") { args in
                    .number(try args.receiverTensor().item())
                },
                NativeFunction("tolist", doc: "The elements as nested lists.") { args in
                    TensorConversion.nestedList(try args.receiverTensor())
                },
                NativeFunction("float64", doc: "A float64 copy.") { args in
                    .tensor(try args.receiverTensor().cast(to: .float64))
                },
                NativeFunction("float32", doc: "A float32 copy.") { args in
                    .tensor(try args.receiverTensor().cast(to: .float32))
                },
            ])
    }

    private static func reduction(
        _ name: String, doc: String,
        _ body: @escaping (Tensor, Int?, Bool) throws -> Tensor
    ) -> NativeFunction {
        NativeFunction(
            name,
            [
                .init("axis", default: .nil, keywordOnly: true),
                .init("keepdims", default: .bool(false), keywordOnly: true),
            ], doc: doc
        ) { args in
            let t = try args.receiverTensor()
            let axis = try args.optionalInteger(0).map { axis throws(ScriptError) in
                try normalizedAxis(axis, rank: t.rank, in: name)
            }
            return try Value.wrapping(try body(t, axis, args.bool(1)))
        }
    }

    /// `axis` counted from the front (negative axes count from the back), checked against `rank`.
    static func normalizedAxis(_ axis: Int, rank: Int, in function: String) throws(ScriptError) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0, resolved < max(rank, 1) else {
            throw ScriptError(
                .value, "\(function): axis \(axis) is out of range for a tensor of rank \(rank)",
                hint: rank == 0 ? "a scalar has no axes" : "valid axes are 0 to \(rank - 1), or -\(rank) to -1")
        }
        return resolved
    }
}

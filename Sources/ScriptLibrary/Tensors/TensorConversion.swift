import ScriptLanguage
import TensorEngine

/// Conversions between script values and Swift values shared by every binding: tensors from
/// nested lists or numbers, and lists of integers, numbers and strings.
public enum TensorConversion {
    /// `value` as a tensor: a `Tensor`, `Embeddings` (their features), a number (a scalar
    /// tensor) or nested lists of numbers.
    public static func tensor(from value: Value, dtype: DType = .float32, what: String = "value") throws(ScriptError)
        -> Tensor
    {
        switch value {
        case .host(let object as TensorValue): return object.tensor
        case .host(let object as EmbeddingsValue): return object.features
        case .number(let n): return Tensor.full([], value: n, dtype: dtype)
        case .bool(let b): return Tensor.full([], value: b ? 1 : 0, dtype: dtype)
        case .list, .range:
            var shape: [Int] = []
            var flat: [Double] = []
            try flatten(value, depth: 0, shape: &shape, into: &flat, what: what)
            do {
                let t = try Tensor(shape: shape, doubles: flat)
                return dtype == .float64 ? t : t.cast(to: dtype)
            } catch {
                throw ScriptError(.value, "\(what): \(error)")
            }
        default:
            throw ScriptError(.type, "\(what) should be a Tensor, a number or a list of numbers, got \(value.typeName)")
        }
    }

    private static func flatten(_ value: Value, depth: Int, shape: inout [Int], into flat: inout [Double], what: String)
        throws(ScriptError)
    {
        let items: [Value]
        switch value {
        case .number, .bool:
            let n: Double
            if case .number(let x) = value { n = x } else { n = value.isTruthy ? 1 : 0 }
            guard depth == shape.count else {
                throw ScriptError(.value, "\(what) is ragged: a number where a list of \(shape[depth]) was expected")
            }
            flat.append(n)
            return
        case .list(let l): items = l
        case .range(let r): items = (0..<r.count).map { .number(Double(r.element($0))) }
        case .host(let object as TensorValue):
            items = object.tensor.rank == 0 ? [] : try wrap { try object.elements() ?? [] }
            if object.tensor.rank == 0 {
                flat.append((try? object.tensor.item()) ?? 0)
                return
            }
        default:
            throw ScriptError(.type, "\(what) should contain only numbers, found a \(value.typeName)")
        }
        if depth == shape.count {
            guard flat.isEmpty else {
                throw ScriptError(.value, "\(what) is ragged: a list where a number was expected")
            }
            shape.append(items.count)
        } else if shape[depth] != items.count {
            throw ScriptError(
                .value,
                "\(what) is ragged: a list of \(items.count) where \(shape[depth]) was expected at depth \(depth)")
        }
        for item in items { try flatten(item, depth: depth + 1, shape: &shape, into: &flat, what: what) }
    }

    private static func wrap<T>(_ body: () throws -> T) throws(ScriptError) -> T {
        do { return try body() } catch let error as ScriptError { throw error } catch {
            throw ScriptError(.host, "\(error)")
        }
    }

    /// `value` as a list of whole numbers; a single number is a list of one.
    public static func integers(from value: Value, what: String = "value") throws(ScriptError) -> [Int] {
        switch value {
        case .number(let n):
            guard let i = Value.exactInteger(n) else {
                throw ScriptError(.value, "\(what) should be whole numbers, got \(Value.format(n))")
            }
            return [i]
        case .list(let items):
            var out: [Int] = []
            for item in items { out += try integers(from: item, what: what).prefix(1) }
            if out.count != items.count { throw ScriptError(.type, "\(what) should be a list of whole numbers") }
            return out
        case .range(let r): return (0..<r.count).map { r.element($0) }
        default: throw ScriptError(.type, "\(what) should be a whole number or a list of them, got \(value.typeName)")
        }
    }

    /// `value` as a list of numbers (a tensor is flattened).
    public static func doubles(from value: Value, what: String = "value") throws(ScriptError) -> [Double] {
        if case .number(let n) = value { return [n] }
        return try tensor(from: value, dtype: .float64, what: what).doubles
    }

    /// `value` as a list of strings; a single string is a list of one.
    public static func strings(from value: Value, what: String = "value") throws(ScriptError) -> [String] {
        switch value {
        case .string(let s): return [s]
        case .list(let items):
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item else {
                    throw ScriptError(.type, "\(what) should be a list of strings, found a \(item.typeName)")
                }
                out.append(s)
            }
            return out
        default: throw ScriptError(.type, "\(what) should be a string or a list of strings, got \(value.typeName)")
        }
    }

    /// Nested lists of numbers with the tensor's shape (a number for a scalar).
    public static func nestedList(_ tensor: Tensor) -> Value {
        let flat = tensor.contiguous().doubles
        if tensor.rank == 0 { return .number(flat.first ?? 0) }
        var index = 0
        func build(_ axis: Int) -> Value {
            if axis == tensor.rank - 1 {
                let slice = flat[index..<index + tensor.shape[axis]].map { Value.number($0) }
                index += tensor.shape[axis]
                return .list(Array(slice))
            }
            return .list((0..<tensor.shape[axis]).map { _ in build(axis + 1) })
        }
        return build(0)
    }
}

extension Value {
    /// A `Tensor` value.
    public static func tensor(_ tensor: Tensor) -> Value { .host(TensorValue(tensor)) }

    /// A tensor value, or a number for a rank-0 tensor.
    public static func wrapping(_ tensor: Tensor) throws -> Value {
        tensor.rank == 0 ? .number(try tensor.item()) : .tensor(tensor)
    }

    /// A list of numbers.
    public static func integers(_ values: [Int]) -> Value { .list(values.map { .number(Double($0)) }) }

    /// A list of numbers.
    public static func doubles(_ values: [Double]) -> Value { .list(values.map { .number($0) }) }

    /// A list of strings.
    public static func strings(_ values: [String]) -> Value { .list(values.map { .string($0) }) }

    /// A dictionary with string keys, in the given order.
    public static func record(_ pairs: [(String, Value)]) -> Value { .dictionary(ScriptDictionary(pairs)) }
}

extension Arguments {
    /// Parameter `i` as a tensor (a Tensor, a number or nested lists).
    public func tensor(_ i: Int) throws(ScriptError) -> Tensor {
        try TensorConversion.tensor(from: values[i], what: "\(function)'s '\(names[i])'")
    }

    /// Parameter `i` as a list of whole numbers (a single number is a list of one).
    public func integers(_ i: Int) throws(ScriptError) -> [Int] {
        try TensorConversion.integers(from: values[i], what: "\(function)'s '\(names[i])'")
    }

    /// Parameter `i` as a list of numbers.
    public func doubles(_ i: Int) throws(ScriptError) -> [Double] {
        try TensorConversion.doubles(from: values[i], what: "\(function)'s '\(names[i])'")
    }

    /// Parameter `i` as a list of strings.
    public func strings(_ i: Int) throws(ScriptError) -> [String] {
        try TensorConversion.strings(from: values[i], what: "\(function)'s '\(names[i])'")
    }

    /// Parameter `i` as an integer, or nil if it is `nil`.
    public func optionalInteger(_ i: Int) throws(ScriptError) -> Int? {
        if case .nil = values[i] { return nil }
        return try integer(i)
    }

    /// Parameter `i` as a string, or nil if it is `nil`.
    public func optionalString(_ i: Int) throws(ScriptError) -> String? {
        if case .nil = values[i] { return nil }
        return try string(i)
    }

    /// The receiver of a method as a tensor.
    public func receiverTensor() throws(ScriptError) -> Tensor {
        guard case .host(let object as TensorValue)? = receiver else {
            throw ScriptError(.type, "\(function) must be called on a Tensor")
        }
        return object.tensor
    }
}

import Checkpoints
import ScriptLanguage
import TensorEngine

/// Tensors of a file as script values and back, shared by `load`, `load_tensors` and
/// `save_tensors`: integer and bool tensors become float64 tensors that remember their dtype,
/// so that writing them again keeps it (`num_batches_tracked` stays int64).
enum StoredTensorConversion {
    /// The script name of each integer dtype (NumPy's and PyTorch's spelling).
    static let integerNames: [StoredDType: String] = [
        .int64: "int64", .int32: "int32", .int16: "int16", .int8: "int8", .uint8: "uint8",
        .bool: "bool",
    ]

    /// Integers a float64 holds exactly.
    static let exactLimit = Double(1 << 53)

    /// The tensor `name` of a file as a `Tensor` value; errors name it.
    static func value(_ stored: StoredTensor, named name: String) throws -> Value {
        if stored.dtype.isFloatingPoint {
            return .tensor(try CheckpointError.naming(name) { try stored.tensor() })
        }
        let values = stored.doubles()
        if let large = values.first(where: { abs($0) > exactLimit }) {
            throw CheckpointError.conversion(
                key: name,
                detail: "\(stored.dtype.rawValue) value \(Int(large)) is beyond 2^53, which a "
                    + "float64 tensor cannot hold exactly; read it with inspect() instead")
        }
        let tensor = try Tensor(shape: stored.shape, doubles: values)
        return .host(TensorValue(tensor, integerDType: integerNames[stored.dtype]))
    }

    /// `value` (a `Tensor`, a number or nested lists) as the tensor `name` of a file: integer
    /// tensors read from a file in their own dtype, everything else in its float dtype.
    static func stored(_ value: Value, named name: String) throws -> StoredTensor {
        guard case .host(let object as TensorValue) = value, let dtypeName = object.integerDType,
            let dtype = integerNames.first(where: { $0.value == dtypeName })?.key
        else {
            return StoredTensor(
                try TensorConversion.tensor(from: value, what: "save_tensors' '\(name)'"))
        }
        // Whole numbers within 2^53: only `value(_:named:)` sets `integerDType`, and tensors are
        // immutable, so the values are still the file's integers.
        let values = object.tensor.contiguous().doubles.map { Int($0) }
        return try CheckpointError.naming(name) {
            try StoredTensor(integers: values, shape: object.tensor.shape, dtype: dtype)
        }
    }
}

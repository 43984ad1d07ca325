import Checkpoints
import Foundation
import ScriptLanguage
import TensorEngine

/// `save_tensors(dict, path)` and `load_tensors(path)`: named tensors in a safetensors file.
enum TensorFileFunctions {
    /// Registers the functions.
    static func install(in interpreter: Interpreter) {
        interpreter.register(functions)
    }

    static var functions: [NativeFunction] {
        [
            NativeFunction(
                "save_tensors", ["tensors", "path"],
                doc: "Writes a dict of name → Tensor (or nested lists) as a safetensors file; "
                    + "integer tensors read by load_tensors keep their dtype. Returns the path."
            ) { args in
                guard case .dictionary(let dictionary) = args[0] else {
                    throw args.typeError(0, expected: "a dict of tensors")
                }
                var pairs: [(String, StoredTensor)] = []
                for (key, value) in zip(dictionary.keys, dictionary.values) {
                    guard case .string(let name) = key else {
                        throw ScriptError(.type, "save_tensors expects string keys, got a \(key.typeName)")
                    }
                    pairs.append((name, try StoredTensorConversion.stored(value, named: name)))
                }
                let path = try args.string(1)
                try SafeTensorsFormat.write(
                    try StateDictionary(pairs, file: path),
                    to: OutputFile.prepare(path, for: "save_tensors"))
                return .string(path)
            },
            NativeFunction(
                "load_tensors", ["path"],
                doc: "The tensors of a safetensors, .pth, .npy or .npz file as a dict of name → "
                    + "Tensor; integer tensors (int64 num_batches_tracked) become float64 tensors "
                    + "whose dtype says int64."
            ) { args in
                let checkpoint = try CheckpointFile.read(from: URL(fileURLWithPath: try args.string(0)))
                return .record(
                    try checkpoint.tensors.map {
                        ($0.name, try StoredTensorConversion.value($0.tensor, named: $0.name))
                    })
            },
        ]
    }
}

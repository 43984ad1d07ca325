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

    static var functions: [NativeFunction] { [
        NativeFunction("save_tensors", ["tensors", "path"],
                       doc: "Writes a dict of name → Tensor (or nested lists) as a safetensors file; returns the path.") { args in
            guard case .dictionary(let dictionary) = args[0] else { throw args.typeError(0, expected: "a dict of tensors") }
            var pairs: [(String, Tensor)] = []
            for key in dictionary.keys {
                guard case .string(let name) = key else {
                    throw ScriptError(.type, "save_tensors expects string keys, got a \(key.typeName)")
                }
                let value = dictionary.values[pairs.count]
                pairs.append((name, try TensorConversion.tensor(from: value, what: "save_tensors' '\(name)'")))
            }
            let path = try args.string(1)
            try SafeTensorsFormat.write(try StateDictionary(tensors: pairs, file: path), to: OutputFile.prepare(path, for: "save_tensors"))
            return .string(path)
        },
        NativeFunction("load_tensors", ["path"],
                       doc: "The tensors of a safetensors, .pth, .npy or .npz file as a dict of name → Tensor.") { args in
            let checkpoint = try CheckpointFile.read(from: URL(fileURLWithPath: try args.string(0)))
            return .record(try checkpoint.tensors.map { ($0.name, Value.tensor(try $0.tensor.tensor())) })
        },
    ] }
}

import Checkpoints
import Foundation
import ScriptLanguage
import TensorEngine

/// `inspect`, `diff`, `export` and `load`: checkpoint files (safetensors, `.pth`, `.npy`, `.npz`)
/// from a script, through the Checkpoints module.
enum CheckpointFunctions {
    static func install(in interpreter: Interpreter) {
        interpreter.register(functions)
    }

    static var functions: [NativeFunction] {
        [
            NativeFunction(
                "inspect", ["path"],
                doc:
                    "Every tensor of a checkpoint (.safetensors, .pth, .npy, .npz) with its statistics; .tensors lists them."
            ) { args in
                let path = try args.string(0)
                let report = try CheckpointInspector.inspect(URL(fileURLWithPath: path))
                let tensors: [Value] = report.tensors.map { summary in
                    .record([
                        ("name", .string(summary.name)), ("dtype", .string(summary.dtype.rawValue)),
                        ("shape", .integers(summary.shape)), ("count", .number(Double(summary.count))),
                        ("mean", optional(summary.mean)), ("std", optional(summary.standardDeviation)),
                        ("min", optional(summary.minimum)), ("max", optional(summary.maximum)),
                    ])
                }
                let metadata = report.metadata.sorted { $0.key < $1.key }.map { ($0.key, Value.string($0.value)) }
                return .host(
                    ReportObject(
                        typeName: "CheckpointReport", text: report.description,
                        fields: [
                            ("file", .string(report.file)), ("format", .string(report.format.rawValue)),
                            ("tensors", .list(tensors)), ("names", .strings(report.tensors.map(\.name))),
                            ("elements", .number(Double(report.elementCount))), ("metadata", .record(metadata)),
                        ]))
            },
            NativeFunction(
                "diff", ["a", "b", .init("tolerance", default: .number(0), keywordOnly: true)],
                doc: "Compares two checkpoints tensor by tensor; .same is true when nothing differs beyond tolerance."
            ) { args in
                let diff = try CheckpointInspector.diff(
                    URL(fileURLWithPath: try args.string(0)),
                    URL(fileURLWithPath: try args.string(1)),
                    tolerance: try args.number(2))
                return .host(
                    ReportObject(
                        typeName: "CheckpointDiff", text: diff.description,
                        fields: [
                            ("same", .bool(diff.isEmpty)), ("differing", .strings(diff.differences.map(\.name))),
                            ("identical", .number(Double(diff.identicalCount))),
                            ("only_in_a", .strings(diff.onlyInFirst)), ("only_in_b", .strings(diff.onlyInSecond)),
                        ]))
            },
            NativeFunction(
                "export", ["tensor", "path"],
                doc:
                    "Writes a tensor as a NumPy .npy file that numpy.load reads. For Embeddings, PATH gets the [N, D] float32 features and NAME.labels.npy beside it (NAME: PATH without .npy) the [N] int64 labels. Returns PATH."
            ) { args in
                let tensor = try args.tensor(0)
                let path = try args.string(1)
                try NumPyFormat.write(tensor, to: OutputFile.prepare(path, for: "export"))
                if case .host(let embeddings as EmbeddingsValue) = args[0] {
                    let labels = try StoredTensor(
                        integers: embeddings.records.map(\.pid), shape: [embeddings.records.count])
                    try NumPyFormat.write(labels, to: OutputFile.prepare(labelsPath(forExport: path), for: "export"))
                }
                return .string(path)
            },
            NativeFunction(
                "load", ["path"],
                doc:
                    "The tensors of a checkpoint file: a Tensor for a .npy file, otherwise a dict from name to Tensor. Integer arrays (labels) become float64 tensors, exact up to 2^53, whose dtype names the integer type."
            ) { args in
                let url = URL(fileURLWithPath: try args.string(0))
                let checkpoint = try CheckpointFile.read(from: url)
                let pairs = try checkpoint.tensors.map {
                    ($0.name, try StoredTensorConversion.value($0.tensor, named: $0.name))
                }
                if url.pathExtension == "npy", pairs.count == 1 { return pairs[0].1 }
                return .record(pairs)
            },
        ]
    }

    /// Where `export(emb, path)` writes the labels: `emb.npy` → `emb.labels.npy`.
    static func labelsPath(forExport path: String) -> String {
        (path.hasSuffix(".npy") ? String(path.dropLast(4)) : path) + ".labels.npy"
    }

    private static func optional(_ value: Double?) -> Value {
        value.map { .number($0) } ?? .nil
    }
}

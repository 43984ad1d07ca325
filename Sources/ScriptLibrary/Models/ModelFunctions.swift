import Checkpoints
import Foundation
import Models
import NeuralNetwork
import ScriptLanguage
import TensorEngine

/// `model`, `load_weights`, `save_weights`, `forward`, `summary` and the `Model` type's methods;
/// a model is callable: `model(x)` forwards a batch.
enum ModelFunctions {
    /// Registers the functions and the `Model` and `Outputs` types.
    static func install(in interpreter: Interpreter) {
        interpreter.register(
            HostType(
                "Model", doc: "A network from the model registry; model(x) forwards a batch.",
                methods: methods, call: call))
        interpreter.register(
            HostType("Outputs", doc: "A forward pass's logits, pooled, retrieval and stage features.", methods: []))
        interpreter.register(functions)
    }

    static func model(_ args: Arguments, _ i: Int) throws(ScriptError) -> ModelObject {
        try args.host(i, as: ModelObject.self, named: "Model")
    }

    private static func receiver(_ args: Arguments) throws(ScriptError) -> ModelObject {
        guard case .host(let object as ModelObject)? = args.receiver else {
            throw ScriptError(.type, "\(args.function) must be called on a Model")
        }
        return object
    }

    static var functions: [NativeFunction] {
        [
            NativeFunction(
                "model",
                [
                    .init("name", default: .nil), .init("weights", default: .nil, keywordOnly: true),
                    .init("classes", default: .nil, keywordOnly: true),
                    .init("last_stride", default: .number(1), keywordOnly: true),
                    .init("seed", default: .number(0), keywordOnly: true),
                    .init("prefix", default: .nil, keywordOnly: true),
                ],
                doc:
                    "A registry network (\"ResNet18\", \"MobileNetV3_Small\", …) in eval mode: seeded initial weights, or weights: \"file\" from a checkpoint (classes, and the name if omitted, read from it)."
            ) { args in
                let path = try args.optionalString(1)
                let prefix = try args.optionalString(5)
                let checkpoint = try path.map { try CheckpointFile.read(from: URL(fileURLWithPath: $0)) }
                guard let name = try args.optionalString(0) ?? checkpoint?.architecture else {
                    throw ScriptError(
                        .argument,
                        path.map {
                            "model: \($0) does not record its architecture; name it: model(\"ResNet18\", weights: …)"
                        }
                            ?? "model needs a registry name, or weights: a checkpoint that records its architecture",
                        hint: "models() lists the names")
                }
                let classes =
                    try args.optionalInteger(2) ?? checkpoint.flatMap { WeightLoading.classes(in: $0, prefix: prefix) }
                    ?? 1000
                guard classes > 0 else {
                    throw ScriptError(.value, "model expects 'classes' to be positive, got \(classes)")
                }
                var generator = RandomGenerator(seed: UInt64(truncatingIfNeeded: try args.integer(4)))
                let network = try ModelRegistry.make(
                    name, numClasses: classes, lastStride: try args.integer(3), generator: &generator)
                network.setTraining(false)
                if let checkpoint, let path {
                    _ = try WeightLoading.load(
                        into: network, checkpoint: checkpoint, path: path, prefix: prefix, mode: .strict)
                }
                return .host(ModelObject(network, classes: classes, weights: path))
            },
            NativeFunction("models", doc: "The registry's network names.") { _ in .strings(ModelRegistry.names) },
            NativeFunction(
                "load_weights",
                [
                    "model", "path", .init("prefix", default: .nil, keywordOnly: true),
                    .init("strict", default: .bool(true), keywordOnly: true),
                ],
                doc:
                    "Loads a safetensors or .pth checkpoint into model; prefix: strips a key prefix (\"student.\"); a report string."
            ) { args in
                let target = try model(args, 0)
                let path = try args.string(1)
                let report = try WeightLoading.load(
                    into: target.network, from: path, prefix: try args.optionalString(2),
                    mode: args.bool(3) ? .strict : .nonStrict)
                return .string(report)
            },
            NativeFunction("forward", ["model", "images"], doc: "Runs images [batch, 3, H, W] through model: Outputs.")
            { args in
                .host(OutputsObject(try model(args, 0).forward(try args.tensor(1))))
            },
            NativeFunction(
                "save_weights", ["model", "path"],
                doc:
                    "Writes the model's parameters and buffers as a safetensors file that model(name, weights: path) reads."
            ) { args in
                let path = try args.string(1)
                try model(args, 0).save(to: path)
                return .string(path)
            },
            NativeFunction(
                "summary", ["model", .init("size", default: .number(224))],
                doc:
                    "Parameters and MACs per stage for one image of size (a number or [height, width]); .blocks, .parameters and .macs as values."
            ) { args in
                let size = try args.integers(1)
                guard size.count == 1 || size.count == 2, size.allSatisfy({ $0 > 0 }) else {
                    throw ScriptError(
                        .value, "summary expects size to be a positive number or [height, width], got \(size)")
                }
                return .host(
                    try ModelSummary.report(try model(args, 0).network, height: size[0], width: size.last ?? size[0]))
            },
        ]
    }

    /// `model(x)`: the same as `model.forward(x)`.
    static var call: NativeFunction {
        NativeFunction(
            "model", ["images"],
            doc: "model(x) runs images [batch, 3, H, W] through the model: Outputs (.logits, .retrieval, …)."
        ) { args in
            .host(OutputsObject(try receiver(args).forward(try args.tensor(0))))
        }
    }

    static var methods: [NativeFunction] {
        [
            NativeFunction("forward", ["images"], doc: "Runs images [batch, 3, H, W] through the model: Outputs.") {
                args in
                .host(OutputsObject(try receiver(args).forward(try args.tensor(0))))
            },
            NativeFunction(
                "save", ["path"], doc: "Writes the weights as safetensors (as save_weights); returns the path."
            ) { args in
                let path = try args.string(0)
                try receiver(args).save(to: path)
                return .string(path)
            },
            NativeFunction("train", doc: "Switches to training mode (batch statistics, dropout); returns the model.") {
                args in
                let object = try receiver(args)
                object.network.setTraining(true)
                return .host(object)
            },
            NativeFunction("eval", doc: "Switches to evaluation mode; returns the model.") { args in
                let object = try receiver(args)
                object.network.setTraining(false)
                return .host(object)
            },
            NativeFunction("parameter_count", doc: "The number of learnable scalars.") { args in
                .number(Double(try receiver(args).network.parameterCount))
            },
            NativeFunction("state_keys", doc: "The state-dict keys, in PyTorch order.") { args in
                .strings(try receiver(args).network.stateEntries().map(\.name))
            },
        ]
    }
}

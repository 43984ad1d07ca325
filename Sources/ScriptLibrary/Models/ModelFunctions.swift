import Checkpoints
import Foundation
import Models
import NeuralNetwork
import ScriptLanguage
import TensorEngine

/// `model`, `load_weights`, `forward`, `summary` and the `Model` type's methods.
enum ModelFunctions {
    /// Registers the functions and the `Model` and `Outputs` types.
    static func install(in interpreter: Interpreter) {
        interpreter.register(HostType("Model", doc: "A network from the model registry.", methods: methods))
        interpreter.register(HostType("Outputs", doc: "A forward pass's logits, pooled, retrieval and stage features.", methods: []))
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

    static var functions: [NativeFunction] { [
        NativeFunction("model", ["name", .init("classes", default: .number(1000), keywordOnly: true),
                                 .init("last_stride", default: .number(1), keywordOnly: true),
                                 .init("seed", default: .number(0), keywordOnly: true)],
                       doc: "A registry network (\"ResNet18\", \"MobileNetV3_Small\", …) in eval mode, seeded initial weights.") { args in
            var generator = RandomGenerator(seed: UInt64(truncatingIfNeeded: try args.integer(3)))
            let network = try ModelRegistry.make(try args.string(0), numClasses: try args.integer(1),
                                                 lastStride: try args.integer(2), generator: &generator)
            network.setTraining(false)
            return .host(ModelObject(network, classes: try args.integer(1)))
        },
        NativeFunction("models", doc: "The registry's network names.") { _ in .strings(ModelRegistry.names) },
        NativeFunction("load_weights", ["model", "path", .init("prefix", default: .nil, keywordOnly: true),
                                        .init("strict", default: .bool(true), keywordOnly: true)],
                       doc: "Loads a safetensors or .pth checkpoint into model; prefix: strips a key prefix (\"student.\"); a report string.") { args in
            let target = try model(args, 0)
            let path = try args.string(1)
            let report = try WeightLoading.load(into: target.network, from: path, prefix: try args.optionalString(2),
                                                mode: args.bool(3) ? .strict : .nonStrict)
            return .string(report)
        },
        NativeFunction("forward", ["model", "images"], doc: "Runs images [batch, 3, H, W] through model: Outputs.") { args in
            .host(OutputsObject(try model(args, 0).forward(try args.tensor(1))))
        },
        NativeFunction("summary", ["model", .init("size", default: .number(224))],
                       doc: "Parameters per top-level block and MACs for one image of size (a number or [height, width]).") { args in
            let size = try args.integers(1)
            guard size.count == 1 || size.count == 2, size.allSatisfy({ $0 > 0 }) else {
                throw ScriptError(.value, "summary expects size to be a positive number or [height, width], got \(size)")
            }
            return .string(try ModelSummary.text(try model(args, 0).network, height: size[0], width: size.last ?? size[0]))
        },
    ] }

    static var methods: [NativeFunction] { [
        NativeFunction("forward", ["images"], doc: "Runs images [batch, 3, H, W] through the model: Outputs.") { args in
            .host(OutputsObject(try receiver(args).forward(try args.tensor(0))))
        },
        NativeFunction("train", doc: "Switches to training mode (batch statistics, dropout); returns the model.") { args in
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
    ] }
}

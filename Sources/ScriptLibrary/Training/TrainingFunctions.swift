import Configuration
import Distillers
import Foundation
import ScriptLanguage
import Training

/// `train`, `distill`, `train_teacher` build runs from a config; `save` and `resume` write and
/// read a run (or a model) as a checkpoint.
enum TrainingFunctions {
    private static var configParameters: [Parameter] {
        [
            Parameter("config"), Parameter("overrides", default: .dictionary(ScriptDictionary())),
            Parameter("folder", default: .bool(true), keywordOnly: true),
        ]
    }

    static var functions: [NativeFunction] {
        [
            NativeFunction(
                "train", configParameters,
                doc:
                    "A run from a Config or YAML path and {KEY: value} overrides (Vanilla or any distiller, by DISTILLER.TYPE); folder: false writes nothing."
            ) { args in
                .host(RunValue(try TrainingRun(config: try loadConfig(args), writeFolder: args.bool(2))))
            },
            NativeFunction(
                "distill", configParameters,
                doc:
                    "A distillation run (DISTILLER.TYPE a KD method, e.g. D3) from a Config or YAML path and overrides."
            ) { args in
                // The function names the trainer (SOLVER.TRAINER), as a config's TYPE line does not.
                let config = try loadConfig(args, trainer: "kd")
                let method = try methodName(config)
                guard try DistillerRegistry.method(named: method).usesTeacher else {
                    throw ScriptError(
                        .value,
                        "distill needs a KD method in DISTILLER.TYPE (D3, FitNet, …), the config has \(method), which trains without a teacher; train_teacher(cfg) runs it"
                    )
                }
                return .host(RunValue(try TrainingRun(config: config, writeFolder: args.bool(2))))
            },
            NativeFunction(
                "train_teacher", configParameters,
                doc:
                    "A teacher run (DISTILLER.TYPE NONE: cross-entropy + triplet, no distillation) from a Config or YAML path and overrides."
            ) { args in
                let config = try loadConfig(args, trainer: "vanilla")
                let method = try methodName(config)
                guard try !DistillerRegistry.method(named: method).usesTeacher else {
                    throw ScriptError(
                        .value,
                        "train_teacher trains without a teacher, the config's DISTILLER.TYPE is \(method); distill(cfg) runs it, or set DISTILLER.TYPE to NONE"
                    )
                }
                return .host(RunValue(try TrainingRun(config: config, writeFolder: args.bool(2))))
            },
            NativeFunction(
                "save", [Parameter("object"), Parameter("path")],
                doc:
                    "Writes a Run (resumable: weights, optimizer, schedule, generator, history, config) or a Model as a safetensors checkpoint; returns the path."
            ) { args in
                let url = checkpointURL(try args.string(1))
                switch args[0] {
                case .host(let run as RunValue): try run.writeCheckpoint(to: url)
                case .host(let model as ModelObject): try ModelCheckpoint.write(model, to: url)
                default: throw args.typeError(0, expected: "a Run or a Model")
                }
                return .string(url.path)
            },
            NativeFunction(
                "resume", [Parameter("path"), Parameter("folder", default: .bool(true), keywordOnly: true)],
                doc:
                    "The Run saved by save(run, path), continuing exactly where it stopped; folder: false writes nothing."
            ) { args in
                .host(try RunValue.restore(from: checkpointURL(try args.string(0)), writeFolder: args.bool(1)))
            },
        ]
    }

    /// `path`, with `.safetensors` added when it has no extension.
    static func checkpointURL(_ path: String) -> URL {
        let url = URL(fileURLWithPath: path)
        return url.pathExtension.isEmpty ? url.appendingPathExtension("safetensors") : url
    }

    static func methodName(_ config: Config) throws -> String {
        guard case .string(let name) = try config.value("DISTILLER.TYPE") else { return "" }
        return name
    }

    /// The config of argument 0 (a `Config` or a YAML path) with argument 1's overrides applied
    /// as `KEY VALUE` pairs; a `Config` object is copied, not changed.
    /// The config of `args` with its overrides; `trainer` sets `SOLVER.TRAINER` first, so that
    /// an override can still change it.
    static func loadConfig(_ args: Arguments, trainer: String? = nil) throws -> Config {
        guard case .dictionary(let overrides) = args[1] else {
            throw args.typeError(1, expected: "a dictionary of KEY: value")
        }
        var pairs: [String] = trainer.map { ["SOLVER.TRAINER", $0] } ?? []
        for key in overrides.keys {
            guard case .string(let name) = key, let value = overrides[key] else { continue }
            pairs += [name, overrideText(value)]
        }
        switch args[0] {
        case .host(let object as ConfigObject):
            var config = object.config
            try config.merge(overrides: pairs, function: args.function)
            return config
        case .string(let path):
            return try Config.load(file: path, overrides: pairs, function: args.function)
        default:
            throw args.typeError(0, expected: "a Config or the path of a YAML config")
        }
    }

    /// A script value as yacs reads an override (a Python literal).
    static func overrideText(_ value: Value) -> String {
        switch value {
        case .number(let n): return Value.exactInteger(n).map(String.init) ?? "\(n)"
        case .bool(let b): return b ? "True" : "False"
        case .string(let s): return s
        case .list(let items): return "[" + items.map(overrideText).joined(separator: ", ") + "]"
        default: return value.description
        }
    }

    static func install(_ interpreter: Interpreter) {
        interpreter.register(functions)
        interpreter.register(RunValue.type)
    }
}

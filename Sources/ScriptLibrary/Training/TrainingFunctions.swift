import Configuration
import Foundation
import ScriptLanguage
import Training

/// `train(path, overrides)` builds a run from an AIRS or upstream YAML config.
enum TrainingFunctions {
    static var functions: [NativeFunction] { [
        NativeFunction("train", [Parameter("config"), Parameter("overrides", default: .dictionary(ScriptDictionary())),
                                 Parameter("folder", default: .bool(true), keywordOnly: true)],
                       doc: "A training run from a YAML config and {KEY: value} overrides (Vanilla or any distiller, by DISTILLER.TYPE).") { args in
            .host(RunValue(try TrainingRun(config: try loadConfig(args), writeFolder: args.bool(2))))
        },
    ] }

    /// The config named by argument 0 with argument 1's overrides applied as `KEY VALUE` pairs.
    static func loadConfig(_ args: Arguments) throws -> Config {
        let path = try args.string(0)
        guard case .dictionary(let overrides) = args[1] else { throw args.typeError(1, expected: "a dictionary of KEY: value") }
        var pairs: [String] = []
        for key in overrides.keys {
            guard case .string(let name) = key, let value = overrides[key] else { continue }
            pairs += [name, overrideText(value)]
        }
        return try Config.load(file: path, overrides: pairs)
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

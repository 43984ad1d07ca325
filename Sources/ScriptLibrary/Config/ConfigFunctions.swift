import Configuration
import ScriptLanguage

/// `config(path, overrides...)` and the `Config` type's methods.
enum ConfigFunctions {
    /// Registers `config` and the `Config` and `ConfigSection` types.
    static func install(in interpreter: Interpreter) {
        interpreter.register(
            HostType(
                "Config", doc: "A resolved configuration; read and set keys as cfg.SOLVER.BASE_LR.",
                methods: methods))
        interpreter.register(HostType("ConfigSection", doc: "One section of a Config.", methods: []))
        interpreter.register(functions)
    }

    static var functions: [NativeFunction] {
        [
            NativeFunction(
                "config", [.init("path", default: .nil)], variadic: true,
                doc:
                    "Defaults merged with a YAML file and overrides (\"SOLVER.BASE_LR\", \"0.02\" or \"SOLVER.BASE_LR=0.02\")."
            ) { args in
                var overrides: [String] = []
                for item in args.rest {
                    let words = try TensorConversion.strings(from: item, what: "config's overrides")
                    for word in words {
                        if let eq = word.firstIndex(of: "="), !word.contains(" ") {
                            overrides += [String(word[..<eq]), String(word[word.index(after: eq)...])]
                        } else {
                            overrides.append(word)
                        }
                    }
                }
                var config = Config()
                if let path = try args.optionalString(0) {
                    do throws(ConfigError) { try config.merge(file: path) } catch {
                        throw error.scriptError(args.function)
                    }
                }
                try config.merge(overrides: overrides, function: args.function)
                return .host(ConfigObject(config))
            }
        ]
    }

    private static func receiver(_ args: Arguments) throws(ScriptError) -> ConfigObject {
        guard case .host(let object as ConfigObject)? = args.receiver else {
            throw ScriptError(.type, "\(args.function) must be called on a Config")
        }
        return object
    }

    static var methods: [NativeFunction] {
        [
            NativeFunction("save", ["path"], doc: "Writes the config as YAML that `config(path)` reads back.") { args in
                try receiver(args).config.write(to: try args.string(0))
                return .nil
            },
            NativeFunction(
                "show", [.init("changed", default: .bool(false), keywordOnly: true)],
                doc: "Prints the tree (only keys that differ from the defaults with changed: true)."
            ) { args in
                args.interpreter.output(try receiver(args).config.show(onlyChanged: args.bool(0)))
                return .nil
            },
            NativeFunction("get", ["key"], doc: "The value of a dotted key: cfg.get(\"SOLVER.BASE_LR\").") { args in
                ConfigPaths.scriptValue(try receiver(args).config.value(try args.string(0)))
            },
            NativeFunction("set", ["key", "value"], doc: "Sets a dotted key, type-checked.") { args in
                try receiver(args).set(try args.string(0), args[1])
                return .nil
            },
            NativeFunction("changed", doc: "The keys that differ from the defaults.") { args in
                .strings(try receiver(args).config.changedKeys)
            },
            NativeFunction("copy", doc: "An independent copy.") { args in
                .host(ConfigObject(try receiver(args).config))
            },
        ]
    }
}

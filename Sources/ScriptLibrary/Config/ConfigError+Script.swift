import Configuration
import ScriptLanguage

extension ConfigError {
    /// The error as a diagnostic of the script function `function`, in the language's words
    /// (the function's name where the command line would name `--cfg`).
    func scriptError(_ function: String) -> ScriptError {
        ScriptError(.host, description(for: .script(function: function)))
    }
}

extension Config {
    /// `load(file:overrides:)` for the script function `function`: its overrides' sources and
    /// its errors name the function.
    static func load(file: String, overrides: [String], function: String) throws(ScriptError)
        -> Config
    {
        do {
            return try load(file: file, overrides: overrides, from: .script(function: function))
        } catch {
            throw error.scriptError(function)
        }
    }

    /// `merge(overrides:)` for the script function `function`.
    mutating func merge(overrides: [String], function: String) throws(ScriptError) {
        do {
            try merge(overrides: overrides, from: .script(function: function))
        } catch {
            throw error.scriptError(function)
        }
    }
}

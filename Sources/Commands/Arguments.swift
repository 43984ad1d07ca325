/// A small parser for `--name value` options, `--flag` switches and positional arguments.
public struct Arguments {
    public private(set) var positional: [String] = []
    private var options: [String: String] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments`; names in `flagNames` take no value.
    public init(_ arguments: [String], flagNames: Set<String> = []) throws {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word.hasPrefix("--"), word.count > 2 {
                let name = String(word.dropFirst(2))
                if flagNames.contains(name) {
                    flags.insert(name)
                } else {
                    guard index + 1 < arguments.count else { throw UsageError("--\(name) needs a value") }
                    options[name] = arguments[index + 1]
                    index += 1
                }
            } else {
                positional.append(word)
            }
            index += 1
        }
    }

    public func option(_ name: String) -> String? { options[name] }

    public func flag(_ name: String) -> Bool { flags.contains(name) }

    public func integer(_ name: String, default fallback: Int) throws -> Int {
        guard let text = options[name] else { return fallback }
        guard let value = Int(text) else { throw UsageError("--\(name) needs an integer, got '\(text)'") }
        return value
    }

    public func required(_ name: String) throws -> String {
        guard let value = options[name] else { throw UsageError("--\(name) is required") }
        return value
    }
}

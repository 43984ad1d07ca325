/// Benchmark arguments: `--name value` pairs, parsed by hand.
struct Options {
    private var values: [String: String] = [:]

    init(_ arguments: [String]) throws {
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            guard name.hasPrefix("--"), index + 1 < arguments.count else {
                throw BenchmarkError.usage("expected --name value, got \(arguments[index...].joined(separator: " "))")
            }
            values[String(name.dropFirst(2))] = arguments[index + 1]
            index += 2
        }
    }

    func integer(_ name: String, default fallback: Int) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), value > 0 else { throw BenchmarkError.usage("--\(name) needs a positive integer, got \(text)") }
        return value
    }

    func string(_ name: String) -> String? { values[name] }
}

/// What can go wrong before a benchmark runs.
enum BenchmarkError: Error, CustomStringConvertible {
    case usage(String)
    case child(String)

    var description: String {
        switch self {
        case let .usage(message): return message
        case let .child(message): return "child process failed: \(message)"
        }
    }
}

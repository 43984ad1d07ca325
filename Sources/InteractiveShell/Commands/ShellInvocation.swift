/// The shell's reading of `airs`'s arguments.
enum ShellInvocation: Equatable {
    /// `airs run FILE [ARGS]`, `airs FILE.airs [ARGS]` (and so a `#!/usr/bin/env airs` script);
    /// the path `-` is standard input.
    case run(path: String, arguments: [String])
    /// `airs check FILE...`.
    case check(paths: [String])
    /// `airs -h` / `airs --help`.
    case help
    /// `airs -c CODE [ARGS]`.
    case code(String, arguments: [String])
    /// `airs` or `airs --session NAME`: the shell (or a script on standard input).
    case shell(session: String?)

    init(_ arguments: [String]) throws(ShellError) {
        guard let first = arguments.first else {
            self = .shell(session: nil)
            return
        }
        let rest = Array(arguments.dropFirst())
        switch first {
        case "run":
            guard let path = rest.first else { throw .badArguments("'run' needs a script file") }
            self = .run(path: path, arguments: Array(rest.dropFirst()))
        case "check":
            guard !rest.isEmpty else { throw .badArguments("'check' needs at least one script file") }
            self = .check(paths: rest)
        case "-h", "--help":
            self = .help
        case "-":
            self = .run(path: "-", arguments: rest)
        case "-c":
            guard let code = rest.first else { throw .badArguments("'-c' needs code, as in airs -c 'print(1)'") }
            self = .code(code, arguments: Array(rest.dropFirst()))
        case "--session":
            guard rest.count == 1 else { throw .badArguments("'--session' takes one session name") }
            self = .shell(session: rest[0])
        default:
            guard first.hasSuffix(".airs") || (!first.hasPrefix("-") && first.contains("/")) else {
                throw .badArguments("unknown command or option '\(first)'")
            }
            self = .run(path: first, arguments: rest)
        }
    }
}

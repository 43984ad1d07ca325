/// The built-in functions every interpreter starts with, as one table (Lua's `luaL_Reg` style).
/// Collection helpers live in `Prelude+Collections.swift`, `help` in `Prelude+Help.swift`.
enum Prelude {
    static var functions: [NativeFunction] {
        basics + collections + [help]
    }

    static var basics: [NativeFunction] {
        [
            NativeFunction(
                "print", [.init("sep", default: .string(" "), keywordOnly: true)], variadic: true,
                doc: "Prints the values separated by sep (a space), then a new line."
            ) { args in
                args.interpreter.output(args.rest.map(\.description).joined(separator: try args.string(0)))
                return .nil
            },
            NativeFunction("type", ["value"], doc: "The name of the value's type: number, string, list, dict, …") {
                args in
                .string(args[0].typeName)
            },
            NativeFunction("str", [.init("value", default: .string(""))], doc: "The value as text, as print shows it.")
            { args in
                .string(args[0].description)
            },
            NativeFunction("repr", ["value"], doc: "The value as text with strings quoted, as the shell shows results.")
            { args in
                .string(args[0].repr)
            },
            NativeFunction("int", ["value"], doc: "The value as a whole number: truncates numbers, parses strings.") {
                args in
                switch args[0] {
                case .number(let n):
                    guard n.isFinite else {
                        throw ScriptError(.value, "cannot convert \(Value.format(n)) to a whole number")
                    }
                    return .number(n.rounded(.towardZero))
                case .bool(let b): return .number(b ? 1 : 0)
                case .string(let s):
                    let trimmed = s.filter { !$0.isWhitespace }
                    guard let n = Double(trimmed), n == n.rounded(), n.isFinite else {
                        throw ScriptError(.value, "cannot convert \(Value.quote(s)) to a whole number")
                    }
                    return .number(n)
                default: throw args.typeError(0, expected: "a number or a string")
                }
            },
            NativeFunction(
                "float", ["value"], doc: "The value as a number: parses strings such as \"1e-3\" or \"inf\"."
            ) { args in
                switch args[0] {
                case .number: return args[0]
                case .bool(let b): return .number(b ? 1 : 0)
                case .string(let s):
                    guard let n = Double(s.filter { !$0.isWhitespace }) else {
                        throw ScriptError(.value, "cannot convert \(Value.quote(s)) to a number")
                    }
                    return .number(n)
                default: throw args.typeError(0, expected: "a number or a string")
                }
            },
            NativeFunction(
                "bool", ["value"], doc: "The value's truthiness: false for nil, false, 0 and empty collections."
            ) { args in
                .bool(args[0].isTruthy)
            },
            NativeFunction("abs", ["x"], doc: "The absolute value of a number.") { args in
                .number(abs(try args.number(0)))
            },
            NativeFunction(
                "round", ["x", .init("digits", default: .number(0))],
                doc: "x rounded to digits decimal places (halves away from zero)."
            ) { args in
                let x = try args.number(0)
                let digits = try args.integer(1)
                guard (-15...15).contains(digits) else {
                    throw ScriptError(.value, "round takes 'digits' from -15 to 15")
                }
                let scale = Interpreter.power(10, Double(digits))
                return .number((x * scale).rounded() / scale)
            },
            NativeFunction(
                "assert", ["condition", .init("message", default: .string("assertion failed"))],
                doc: "Stops with an assertion error carrying message unless condition is true."
            ) { args in
                guard args[0].isTruthy else { throw ScriptError(.assertion, args[1].description) }
                return .nil
            },
            NativeFunction(
                "range", ["start", .init("stop", default: .nil), .init("step", default: .number(1))],
                doc: "The whole numbers from start (0 if only one argument) up to, not including, stop."
            ) { args in
                var start = 0
                var stop = try args.integer(0)
                if case .nil = args[1] {
                } else {
                    start = stop
                    stop = try args.integer(1)
                }
                let step = try args.integer(2)
                guard step != 0 else { throw ScriptError(.value, "range step cannot be zero") }
                return .range(ScriptRange(start: start, stop: stop, step: step))
            },
        ]
    }
}

@testable import ScriptLanguage

/// A small host binding used by the test scripts: a `Vector` type with elementwise operators
/// (broadcasting numbers), indexing, attributes and methods, and functions that throw host errors.
enum TestHost {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    final class Vector: HostObject {
        var values: [Double]
        var name = "v"

        init(_ values: [Double]) { self.values = values }

        var typeName: String { "Vector" }
        var description: String { "Vector(\(values.map(Value.format).joined(separator: ", ")))" }
        var attributeNames: [String] { ["size", "name"] }
        var length: Int? { values.count }

        func attribute(_ name: String) throws -> Value? {
            switch name {
            case "size": return .number(Double(values.count))
            case "name": return .string(self.name)
            default: return nil
            }
        }

        func setAttribute(_ name: String, to value: Value) throws -> Bool {
            guard name == "name" else { return false }
            guard case .string(let s) = value else { throw Failure(description: "a Vector's name must be a string") }
            self.name = s
            return true
        }

        func elements() throws -> [Value]? { values.map { .number($0) } }

        func binaryOperation(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
            let rhs: [Double]
            switch other {
            case .number(let n): rhs = [Double](repeating: n, count: values.count)
            case .host(let o as Vector):
                guard o.values.count == values.count else {
                    throw Failure(description: "shape mismatch: [\(values.count)] and [\(o.values.count)]")
                }
                rhs = o.values
            default: return nil
            }
            let (a, b) = selfOnLeft ? (values, rhs) : (rhs, values)
            let f: (Double, Double) -> Double
            switch op {
            case .add: f = (+)
            case .subtract: f = (-)
            case .multiply: f = (*)
            case .divide: f = (/)
            case .greater: f = { $0 > $1 ? 1 : 0 }
            case .matmul: return .number(zip(a, b).map(*).reduce(0, +))
            default: return nil
            }
            return .host(Vector(zip(a, b).map(f)))
        }

        func unaryOperation(_ op: UnaryOperator) throws -> Value? {
            op == .negate ? .host(Vector(values.map { -$0 })) : nil
        }

        func subscriptGet(_ indices: [IndexValue]) throws -> Value? {
            guard indices.count == 1, case .single(.number(let n)) = indices[0] else {
                throw Failure(description: "a Vector takes one whole-number index")
            }
            guard let i = Int(exactly: n), values.indices.contains(i) else {
                throw Failure(description: "index \(Value.format(n)) is outside a Vector of \(values.count)")
            }
            return .number(values[i])
        }

        func subscriptSet(_ indices: [IndexValue], to value: Value) throws -> Bool {
            guard indices.count == 1, case .single(.number(let n)) = indices[0], let i = Int(exactly: n),
                values.indices.contains(i), case .number(let v) = value
            else { return false }
            values[i] = v
            return true
        }
    }

    static var vectorType: HostType {
        HostType(
            "Vector", doc: "A list of numbers with elementwise arithmetic.",
            methods: [
                NativeFunction("total", doc: "The sum of the elements.") { args in
                    guard case .host(let v as Vector)? = args.receiver else { return .nil }
                    return .number(v.values.reduce(0, +))
                },
                NativeFunction("scaled", [.init("by", default: .number(2))], doc: "Each element times by.") { args in
                    guard case .host(let v as Vector)? = args.receiver else { return .nil }
                    let k = try args.number(0)
                    return .host(Vector(v.values.map { $0 * k }))
                },
            ])
    }

    /// A callable host object: `p = polynomial([1, 2, 3])` then `p(2)` is 1 + 2·2 + 3·2².
    final class Polynomial: HostObject {
        let coefficients: [Double]

        init(_ coefficients: [Double]) { self.coefficients = coefficients }

        var typeName: String { "Polynomial" }
        var description: String { "Polynomial(\(coefficients.map(Value.format).joined(separator: ", ")))" }
    }

    static var polynomialType: HostType {
        HostType(
            "Polynomial", doc: "Coefficients in rising powers; call it to evaluate.",
            methods: [
                NativeFunction("degree", doc: "The highest power.") { args in
                    guard case .host(let p as Polynomial)? = args.receiver else { return .nil }
                    return .number(Double(max(p.coefficients.count - 1, 0)))
                }
            ],
            call: NativeFunction(
                "polynomial", ["x", .init("scale", default: .number(1), keywordOnly: true)],
                doc: "The value at x, times scale."
            ) { args in
                guard case .host(let p as Polynomial)? = args.receiver else { return .nil }
                let x = try args.number(0)
                return .number(p.coefficients.reversed().reduce(0) { $0 * x + $1 } * (try args.number(1)))
            })
    }

    static var functions: [NativeFunction] {
        [
            NativeFunction("polynomial", ["coefficients"], doc: "A Polynomial with these coefficients.") { args in
                var values: [Double] = []
                for item in try args.list(0) {
                    guard case .number(let n) = item else { throw args.typeError(0, expected: "a list of numbers") }
                    values.append(n)
                }
                return .host(Polynomial(values))
            },
            NativeFunction("vector", ["items"], doc: "A Vector of the numbers in items.") { args in
                var values: [Double] = []
                for item in try args.list(0) {
                    guard case .number(let n) = item else { throw args.typeError(0, expected: "a list of numbers") }
                    values.append(n)
                }
                return .host(Vector(values))
            },
            NativeFunction("fail", ["message"], doc: "Throws a host error with message.") { args in
                throw Failure(description: try args.string(0))
            },
            NativeFunction(
                "train_a_while", ["steps"],
                doc: "Stops as Ctrl-C stops a training call: an interrupted error."
            ) { args in
                throw ScriptError(.interrupted, "interrupted at step \(try args.integer(0)); train_a_while() continues")
            },
            NativeFunction(
                "configure",
                [
                    "name", .init("epochs", default: .number(1), keywordOnly: true),
                    .init("lr", default: .number(0.1), keywordOnly: true),
                ],
                doc: "Echoes its arguments, to test keyword binding."
            ) { args in
                .string("\(args[0]) epochs=\(args[1]) lr=\(args[2])")
            },
            NativeFunction("apply", ["f", "x"], doc: "Calls f(x) from the host.") { args in
                try args.call(args[0], [args[1]])
            },
        ]
    }

    static func register(in interpreter: Interpreter) {
        interpreter.register(vectorType)
        interpreter.register(polynomialType)
        interpreter.register(functions)
    }
}

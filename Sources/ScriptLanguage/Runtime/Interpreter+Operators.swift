extension Interpreter {
    /// Strings (in UTF-8 bytes) and lists longer than this are not built by `+`, `*` or
    /// interpolation: a typo like `"-" * 1e12` or a doubling loop would exhaust memory.
    static let maximumRepeatedCount = 10_000_000
    static let maximumStringBytes = 100_000_000

    /// Throws if a string of `bytes` UTF-8 bytes would be too large.
    func checkStringSize(_ bytes: Int, at range: SourceRange) throws(ScriptError) {
        guard bytes <= Self.maximumStringBytes else {
            throw ScriptError(.value, "the string would be too large (\(bytes) bytes)", at: range)
        }
    }

    func binary(_ op: BinaryOperator, _ left: Value, _ right: Value, at range: SourceRange) throws(ScriptError) -> Value
    {
        if case .host(let object) = left,
            let result = try host(at: range, { try object.binaryOperation(op, right, selfOnLeft: true) })
        {
            return result
        }
        if case .host(let object) = right,
            let result = try host(at: range, { try object.binaryOperation(op, left, selfOnLeft: false) })
        {
            return result
        }
        switch (op, left, right) {
        case (.equal, _, _): return .bool(left.isEqual(to: right))
        case (.notEqual, _, _): return .bool(!left.isEqual(to: right))
        case (.contains, _, _): return .bool(try contains(right, left, at: range))
        case (.notContains, _, _): return .bool(!(try contains(right, left, at: range)))
        case (_, .number(let a), .number(let b)): return try arithmetic(op, a, b, at: range)
        case (_, .bool, _), (_, _, .bool):
            if let a = Self.numeric(left), let b = Self.numeric(right) { return try arithmetic(op, a, b, at: range) }
        case (.add, .string(let a), .string(let b)):
            try checkStringSize(a.utf8.count + b.utf8.count, at: range)
            return .string(a + b)
        case (.add, .list(let a), .list(let b)):
            guard a.count + b.count <= Self.maximumRepeatedCount else {
                throw ScriptError(.value, "the list would be too large (\(a.count + b.count) elements)", at: range)
            }
            return .list(a + b)
        case (.multiply, .string(let s), .number(let n)), (.multiply, .number(let n), .string(let s)):
            let count = try repeatCount(n, s.utf8.count, at: range)
            return .string(String(repeating: s, count: count))
        case (.multiply, .list(let l), .number(let n)), (.multiply, .number(let n), .list(let l)):
            let count = try repeatCount(n, l.count, at: range)
            return .list(Array([[Value]](repeating: l, count: count).joined()))
        case (.less, .string(let a), .string(let b)): return .bool(a < b)
        case (.lessEqual, .string(let a), .string(let b)): return .bool(a <= b)
        case (.greater, .string(let a), .string(let b)): return .bool(a > b)
        case (.greaterEqual, .string(let a), .string(let b)): return .bool(a >= b)
        default: break
        }
        var hint: String?
        if op == .add, case .string = left { hint = "convert with str(x), or interpolate: \"…{x}…\"" }
        if op == .add, case .string = right { hint = "convert with str(x), or interpolate: \"…{x}…\"" }
        if op == .matmul { hint = "'@' multiplies matrices (tensors); use '*' for numbers" }
        throw ScriptError(
            .type, "unsupported operand types for '\(op.rawValue)': \(left.typeName) and \(right.typeName)",
            at: range, hint: hint)
    }

    private static func numeric(_ value: Value) -> Double? {
        switch value {
        case .number(let n): return n
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    private func repeatCount(_ n: Double, _ length: Int, at range: SourceRange) throws(ScriptError) -> Int {
        guard let count = Value.exactInteger(n) else {
            throw ScriptError(.type, "can only repeat by a whole number, not \(Value.format(n))", at: range)
        }
        guard count <= 0 || length <= Self.maximumRepeatedCount / max(1, count) else {
            throw ScriptError(.value, "the result of repeating would be too large (\(count) × \(length))", at: range)
        }
        return max(0, count)
    }

    func arithmetic(_ op: BinaryOperator, _ a: Double, _ b: Double, at range: SourceRange) throws(ScriptError) -> Value
    {
        switch op {
        case .add: return .number(a + b)
        case .subtract: return .number(a - b)
        case .multiply: return .number(a * b)
        case .divide:
            guard b != 0 else { throw ScriptError(.divisionByZero, "division by zero", at: range) }
            return .number(a / b)
        case .floorDivide:
            guard b != 0 else { throw ScriptError(.divisionByZero, "division by zero", at: range) }
            return .number((a / b).rounded(.down))
        case .modulo:
            guard b != 0 else { throw ScriptError(.divisionByZero, "modulo by zero", at: range) }
            // Python's convention: the result has the sign of the divisor.
            let r = a.truncatingRemainder(dividingBy: b)
            return .number(r != 0 && (r < 0) != (b < 0) ? r + b : r)
        case .power: return .number(Self.power(a, b))
        case .less: return .bool(a < b)
        case .lessEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterEqual: return .bool(a >= b)
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .matmul, .contains, .notContains:
            throw ScriptError(
                .type, "unsupported operand types for '\(op.rawValue)': number and number", at: range,
                hint: op == .matmul ? "'@' multiplies matrices (tensors); use '*' for numbers" : nil)
        }
    }

    /// `a ** b` without Foundation: repeated squaring for whole exponents, exp/log otherwise.
    static func power(_ a: Double, _ b: Double) -> Double {
        if let n = Value.exactInteger(b), abs(n) <= 1 << 20 {
            var result = 1.0
            var base = a
            var e = abs(n)
            while e > 0 {
                if e & 1 == 1 { result *= base }
                base *= base
                e >>= 1
            }
            return n < 0 ? 1 / result : result
        }
        return Math.pow(a, b)
    }

    private func contains(_ container: Value, _ item: Value, at range: SourceRange) throws(ScriptError) -> Bool {
        switch container {
        case .list(let l): return l.contains { $0.isEqual(to: item) }
        case .dictionary(let d): return d[item] != nil
        case .range(let r):
            guard case .number(let n) = item, let i = Value.exactInteger(n) else { return false }
            return r.step > 0
                ? (i >= r.start && i < r.stop && (i - r.start) % r.step == 0)
                : (i <= r.start && i > r.stop && (r.start - i) % (-r.step) == 0)
        case .string(let s):
            guard case .string(let sub) = item else {
                throw ScriptError(.type, "'in' on a string needs a string on the left, got \(item.typeName)", at: range)
            }
            return sub.isEmpty || s.contains(sub)
        default:
            throw ScriptError(
                .type, "'in' needs a list, dict, range or string on the right, got \(container.typeName)", at: range)
        }
    }

    func unary(_ op: UnaryOperator, _ value: Value, at range: SourceRange) throws(ScriptError) -> Value {
        if op == .not { return .bool(!value.isTruthy) }
        switch value {
        case .number(let n): return .number(op == .negate ? -n : n)
        case .bool(let b): return .number(op == .negate ? (b ? -1 : 0) : (b ? 1 : 0))
        case .host(let object):
            if let result = try host(at: range, { try object.unaryOperation(op) }) { return result }
        default: break
        }
        throw ScriptError(.type, "unsupported operand type for unary '\(op.rawValue)': \(value.typeName)", at: range)
    }
}

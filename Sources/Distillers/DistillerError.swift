import TensorEngine

/// Everything the distillers can reject: settings, registry names, and inputs that break a
/// method's preconditions. Each case carries the facts, and `description` says what to change.
public enum DistillerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A key under a method's section that the method does not define.
    case unknownSetting(key: String, origin: String, validKeys: [String])
    /// A setting whose value has the wrong type.
    case wrongSettingType(key: String, origin: String, expected: String, actual: String)
    /// A setting whose value is out of the method's range.
    case invalidSetting(key: String, origin: String, message: String)
    /// A `DISTILLER.TYPE` (or triplet method) name that is not registered.
    case unknownMethod(name: String, validNames: [String])
    /// Input tensors whose shapes do not fit the loss.
    case shapeMismatch(loss: String, message: String)
    /// The triplet loss needs the same number of positives for every anchor (PK batches).
    case unequalClassCounts(counts: [Int])
    /// A method that needs an input the caller did not give (teacher outputs, a teacher head).
    case missingInput(loss: String, input: String)

    /// What went wrong, where, and what to change.
    public var description: String {
        switch self {
        case .unknownSetting(let key, let origin, let valid):
            let hint = nearest(to: key, in: valid).map { " Did you mean '\($0)'?" } ?? ""
            return "\(origin): unknown setting '\(key)'.\(hint) Valid keys: \(valid.joined(separator: ", "))."
        case .wrongSettingType(let key, let origin, let expected, let actual):
            return "\(origin): setting '\(key)' must be \(expected), but it is \(actual)."
        case .invalidSetting(let key, let origin, let message):
            return "\(origin): setting '\(key)' \(message)."
        case .unknownMethod(let name, let valid):
            return "unknown distiller '\(name)'. Valid names: \(valid.joined(separator: ", "))."
        case .shapeMismatch(let loss, let message):
            return "\(loss): \(message)."
        case .unequalClassCounts(let counts):
            return "triplet loss: every anchor needs the same number of same-label samples "
                + "(a PK-sampled batch), but the counts are \(counts). Use an identity sampler."
        case .missingInput(let loss, let input):
            return "\(loss): missing \(input); pass it when building or calling the distiller."
        }
    }

    /// The valid key with the smallest edit distance, if it is close enough to be a typo.
    private func nearest(to key: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(Array(key.uppercased()), Array($0.uppercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= Swift.max(2, key.count / 3) else { return nil }
        return best.0
    }
}

private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
        var current = [i + 1] + Array(repeating: 0, count: b.count)
        for (j, y) in b.enumerated() {
            current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

import Foundation

/// Key rewriting as upstream applies it before loading (models.md §8).
extension StateDictionary {
    /// Every key with each occurrence of `fragment` removed, as upstream does with `module.`
    /// (student ImageNet weights) and `student.` (teacher checkpoints). Throws if two keys
    /// become equal.
    public func removingOccurrences(of fragment: String) throws -> StateDictionary {
        try renamed { $0.replacingAll(fragment, with: "") }
    }

    /// The tensors whose key starts with `prefix`, with the prefix removed (e.g. `teacher.`
    /// to take the teacher out of a distiller checkpoint).
    public func strippingPrefix(_ prefix: String) throws -> StateDictionary {
        try StateDictionary(
            entries.filter { $0.name.hasPrefix(prefix) }.map { (String($0.name.dropFirst(prefix.count)), $0.tensor) })
    }

    /// The tensors whose key does not start with `prefix` (upstream skips `fc` when
    /// initialising a student from ImageNet weights).
    public func droppingKeys(withPrefix prefix: String) -> StateDictionary {
        var result = StateDictionary()
        for entry in entries where !entry.name.hasPrefix(prefix) { result[entry.name] = entry.tensor }
        return result
    }

    /// The tensors whose key starts with `prefix`, keys unchanged (a network's share of a
    /// checkpoint that also holds optimizer state or a second network).
    public func keepingKeys(withPrefix prefix: String) -> StateDictionary {
        var result = StateDictionary()
        for entry in entries where entry.name.hasPrefix(prefix) {
            result[entry.name] = entry.tensor
        }
        return result
    }

    /// Every key passed through `transform`; throws `duplicateKey` if two keys become equal.
    public func renamed(_ transform: (String) -> String) throws -> StateDictionary {
        try StateDictionary(entries.map { (transform($0.name), $0.tensor) })
    }
}

extension String {
    /// `self` with every non-overlapping occurrence of `target` (scanning left to right) replaced.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

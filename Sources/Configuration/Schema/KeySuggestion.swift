/// Finds the valid key nearest to a mistyped one (Levenshtein distance, case-insensitive).
enum KeySuggestion {
    /// The nearest leaf key or section to `key`, or `nil` when nothing is reasonably close.
    static func nearest(to key: String) -> String? {
        let target = Array(key.uppercased())
        var candidates = ConfigSchema.sections + ConfigSchema.keys
        // Inside a known section, a sibling is the likely intent (`SOLVER.LR`, not `SOLVER`).
        if let dot = key.lastIndex(of: "."), ConfigSchema.isSection(String(key[..<dot])) {
            let prefix = key[...dot]
            candidates = candidates.filter { $0.hasPrefix(prefix) }
        }
        var best: (key: String, distance: Int)?
        for candidate in candidates {
            let distance = levenshtein(target, Array(candidate.uppercased()))
            if best.map({ distance < $0.distance }) ?? true { best = (candidate, distance) }
        }
        guard let best, best.distance <= max(3, target.count / 2) else { return nil }
        return best.key
    }

    /// The number of single-character insertions, deletions and substitutions from `a` to `b`.
    static func levenshtein(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

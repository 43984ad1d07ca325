/// Finds the name a user probably meant, by edit distance.
public enum Suggestion {
    /// The candidate closest to `name` (Levenshtein distance, case-insensitive tie-break), if it is
    /// close enough to be a plausible typo: at most about a third of the name's length, and at least 1.
    public static func nearest(to name: String, in candidates: some Sequence<String>) -> String? {
        let limit = max(1, (name.count + 1) / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let distance = editDistance(name, candidate)
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// A hint sentence `did you mean 'x'?`, or nil when no candidate is close.
    public static func hint(for name: String, in candidates: some Sequence<String>) -> String? {
        nearest(to: name, in: candidates).map { "did you mean '\($0)'?" }
    }

    /// The edit distance between `a` and `b`: insertions, deletions, substitutions and swaps of
    /// adjacent characters each cost 1 (optimal string alignment); a case change costs nothing.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased())
        let y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var beforePrevious = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[y.count]
    }
}

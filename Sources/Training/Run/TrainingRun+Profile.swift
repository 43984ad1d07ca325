import TensorEngine

extension TrainingRun {
    /// Every rank's step profile in rank order (`StepProfile.line`), then what a step exchanged
    /// (on several ranks). A collective: every rank must call it, at the same point.
    public func stepProfileReport() throws -> [String] {
        let mine = profile.numbers
        let all =
            try group.size > 1 ? group.allGather(mine, counts: Array(repeating: mine.count, count: group.size)) : mine
        let profiles = (0..<group.size).map { StepProfile(numbers: all[$0 * mine.count..<($0 + 1) * mine.count]) }
        return profiles.enumerated().map { $0.element.line(rank: $0.offset, of: group.size) }
            + (profile.exchangeLine.map { [$0] } ?? [])
    }
}

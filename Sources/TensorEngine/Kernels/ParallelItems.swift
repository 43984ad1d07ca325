/// Runs `body(index)` for `0..<count` items split over the workers when `work` (elements
/// touched) is large enough to pay for the hand-off.
func parallelItems(_ count: Int, work: Int, _ body: (Int) -> Void) {
    let workers = work >= parallelElementThreshold ? Swift.min(Parallelism.threads, count) : 1
    guard workers > 1 else {
        for item in 0..<count { body(item) }
        return
    }
    let chunk = (count + workers - 1) / workers
    concurrentPerform(iterations: workers) { worker in
        for item in (worker * chunk)..<Swift.min(count, (worker + 1) * chunk) { body(item) }
    }
}

/// Like `parallelItems`, but hands each worker its whole range of items at once, so that it
/// can set up scratch memory once: `body(range)`.
func parallelRanges(_ count: Int, work: Int, _ body: (Range<Int>) -> Void) {
    let workers = work >= parallelElementThreshold ? Swift.min(Parallelism.threads, count) : 1
    guard workers > 1 else {
        body(0..<count)
        return
    }
    let chunk = (count + workers - 1) / workers
    concurrentPerform(iterations: workers) { worker in
        body(Swift.min(count, worker * chunk)..<Swift.min(count, (worker + 1) * chunk))
    }
}

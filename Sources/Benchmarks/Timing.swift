import Foundation

/// Wall-clock milliseconds of each of `iterations` runs of `body`.
func measure(iterations: Int, _ body: () throws -> Void) rethrows -> [Double] {
    try measureWithCPU(iterations: iterations, body).wall
}

/// Wall-clock and process CPU milliseconds of each run. On a machine shared with other work
/// the CPU time divided by the threads approximates the wall time on unshared cores (it still
/// grows when a neighbour runs on the sibling hyperthread).
func measureWithCPU(iterations: Int, _ body: () throws -> Void) rethrows -> (wall: [Double], cpu: [Double]) {
    var wall: [Double] = []
    var cpu: [Double] = []
    for _ in 0..<iterations {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = processCPUNanoseconds()
        try body()
        wall.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        cpu.append(Double(processCPUNanoseconds() - cpuStart) / 1e6)
    }
    return (wall, cpu)
}

private func processCPUNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func formatted(_ value: Double, digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

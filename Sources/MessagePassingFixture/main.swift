// Test helper for Tests/MessagePassingTests: run under `mpirun -np 2`, every rank calls each
// collective and prints one line per result (`rank R NAME VALUES`), which the test checks
// against the sums and concatenations it expects.
//
//   MessagePassingFixture collectives   every collective, uneven and empty gathers
//   MessagePassingFixture errors        the typed errors of bad arguments, then a barrier
//   MessagePassingFixture abort         rank 1 aborts while rank 0 waits in a barrier
//   MessagePassingFixture lentSums      allReduceSum(count:of:fill:read:) over sizes that grow,
//                                       shrink and repeat (run with AIRS_MPI_SHARED_MEMORY=0 for
//                                       the sum by messages)
import Foundation
import MessagePassing
import TensorEngine

func say(_ group: MPIProcessGroup, _ name: String, _ values: [String]) {
    print("rank \(group.rank) \(name) \(values.joined(separator: ","))")
}

func collectives(_ group: MPIProcessGroup) throws {
    let r = group.rank
    say(group, "size", ["\(group.size)"])
    var floats: [Float] = [Float(r + 1), Float(10 * (r + 1)), 0.25]
    try floats.withUnsafeMutableBufferPointer { try group.allReduceSum($0) }
    say(group, "allReduceFloat", floats.map { "\($0)" })
    var doubles: [Double] = [Double(r) + 0.5, -Double(r)]
    try doubles.withUnsafeMutableBufferPointer { try group.allReduceSum($0) }
    say(group, "allReduceDouble", doubles.map { "\($0)" })
    // Large enough for the ring, and not a multiple of the rank count: chunks of unequal size.
    let large = MPIProcessGroup.ringBytes / 4 + 3
    var ring = (0..<large).map { Float(r + 1) * Float($0 % 7) }
    try ring.withUnsafeMutableBufferPointer { try group.allReduceSum($0) }
    let expected = (0..<large).map { Float((1...group.size).reduce(0, +)) * Float($0 % 7) }
    say(group, "allReduceRing", [ring == expected ? "sums" : "differs", "\(ring.count)"])
    var ringDoubles = (0..<large).map { Double(r) + Double($0) / 8 }
    try ringDoubles.withUnsafeMutableBufferPointer { try group.allReduceSum($0) }
    let expectedDoubles = (0..<large).map { Double((0..<group.size).reduce(0, +)) + Double(group.size * $0) / 8 }
    say(group, "allReduceRingDouble", [ringDoubles == expectedDoubles ? "sums" : "differs"])
    // Rank r sends 3r + 1 bytes of value r + 1: counts differ by rank.
    let counts = (0..<group.size).map { 3 * $0 + 1 }
    let local = [UInt8](repeating: UInt8(r + 1), count: counts[r])
    say(group, "allGather", try local.withUnsafeBytes { try group.allGather($0, counts: counts) }.map { "\($0)" })
    // Rank 0 contributes nothing.
    let sparse = (0..<group.size).map { $0 == 0 ? 0 : 2 }
    let mine = [UInt8](repeating: 7, count: sparse[r])
    say(group, "allGatherEmpty", try mine.withUnsafeBytes { try group.allGather($0, counts: sparse) }.map { "\($0)" })
    let root = group.size - 1
    let sent = try group.broadcast(r == root ? [1, 2, 3, 4, 5] : [], from: root)
    say(group, "broadcast", sent.map { "\($0)" })
    say(group, "broadcastEmpty", try group.broadcast([], from: 0).map { "\($0)" })
    try group.barrier()
    say(group, "barrier", ["ok"])
}

/// Sums in the buffer the group lends: counts smaller than the rank count, odd, and large
/// enough for the ring; then smaller and the same again, which reuse the shared window. Each
/// line says whether the sums were exact and the window's bytes per rank after the call.
func lentSums(_ group: MPIProcessGroup) throws {
    let r = group.rank
    func check<T: TensorScalar>(_ count: Int, _: T.Type) throws -> String {
        var exact = false
        try group.allReduceSum(
            count: count, of: T.self,
            fill: { values in
                for index in values.indices { values[index] = T(r + 1) * T(index % 5) + T(r) / 4 }
            },
            read: { pieces in
                let sums: [T] = pieces.flatMap { Array($0) }
                let ranks = T(group.size)
                let (scale, offset) = (ranks * (ranks + 1) / 2, ranks * (ranks - 1) / 8)
                exact = sums.count == count && sums.indices.allSatisfy { sums[$0] == scale * T($0 % 5) + offset }
            })
        return "\(exact ? "exact" : "differs"):\(group.sharedMemoryBytes.map { "\($0)" } ?? "none")"
    }
    let large = MPIProcessGroup.ringBytes / 4 + 3
    let counts = [1, 3, large, 5, large, 0, 1]
    say(group, "lentFloat", try counts.map { try check($0, Float.self) })
    say(group, "lentDouble", try [1, large, 2].map { try check($0, Double.self) })
}

func errors(_ group: MPIProcessGroup) throws {
    let local: [UInt8] = [1, 2]
    do {
        _ = try local.withUnsafeBytes { try group.allGather($0, counts: [2]) }
    } catch {
        say(group, "countsError", ["\(error)"])
    }
    do {
        _ = try group.broadcast([1], from: group.size)
    } catch {
        say(group, "rootError", ["\(error)"])
    }
    try group.barrier()
    say(group, "barrier", ["ok"])
}

do {
    let group = try MPIProcessGroup.world()
    switch CommandLine.arguments.dropFirst().first {
    case "collectives": try collectives(group)
    case "errors": try errors(group)
    case "lentSums": try lentSums(group)
    case "abort":
        if group.rank == 1 { group.abort("the fixture failed on purpose") }
        try group.barrier()
        say(group, "barrier", ["passed"])
    default:
        group.abort("usage: MessagePassingFixture collectives|errors|abort|lentSums")
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}

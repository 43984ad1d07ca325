import Foundation
import MessagePassing
import TensorEngine
import TestSupport
import Testing

/// `MessagePassingFixture MODE` as `ranks` ranks with `environment` added; the lines it
/// printed, by rank.
private func fixture(
    _ mode: String, ranks: Int = 2, environment: [String: String] = [:]
) async throws -> (outcome: ChildJob.Outcome, lines: [Int: [String: String]]) {
    let executable = builtExecutable("MessagePassingFixture")
    try #require(
        FileManager.default.isExecutableFile(atPath: executable.path),
        "missing \(executable.path); build all targets with `swift build --build-tests`")
    try #require(
        ChildJob.mpirunIsAvailable, "mpirun is missing: bash Scripts/install-dependencies.sh installs openmpi-bin")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("airs-mpi-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let outcome = try await ChildJob.run(
        ranks: ranks, executable: executable, arguments: [mode], in: folder, environment: environment, timeout: 120)
    var lines: [Int: [String: String]] = [:]
    for line in outcome.output.split(separator: "\n") {
        let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "rank", let rank = Int(parts[1]) else { continue }
        lines[rank, default: [:]][parts[2]] = parts[3]
    }
    return (outcome, lines)
}

@Test func everyCollectiveAgreesOnBothRanks() async throws {
    let (outcome, lines) = try await fixture("collectives")
    #expect(outcome.status == 0 && !outcome.timedOut, "\(outcome.error)")
    for rank in 0..<2 {
        let seen = lines[rank] ?? [:]
        #expect(seen["size"] == "2")
        #expect(seen["allReduceFloat"] == "3.0,30.0,0.5")
        #expect(seen["allReduceDouble"] == "2.0,-1.0")
        #expect(seen["allReduceRing"] == "sums,\(MPIProcessGroup.ringBytes / 4 + 3)")
        #expect(seen["allReduceRingDouble"] == "sums")
        // Rank 0's one byte of 1, then rank 1's four bytes of 2.
        #expect(seen["allGather"] == "1,2,2,2,2")
        #expect(seen["allGatherEmpty"] == "7,7")
        #expect(seen["broadcast"] == "1,2,3,4,5")
        #expect(seen["broadcastEmpty"] == "")
        #expect(seen["barrier"] == "ok")
    }
}

/// Three ranks sum every element in the same order as two, with a rank's own segment among the
/// terms past the first two.
@Test(arguments: [2, 3])
func ranksOnOneMachineSumInOneSharedWindowGrownOnlyWhenTooSmall(ranks: Int) async throws {
    let (outcome, lines) = try await fixture("lentSums", ranks: ranks)
    #expect(outcome.status == 0 && !outcome.timedOut, "\(outcome.error)")
    // Segments are whole pages: 4 KiB, then the ring-sized Float buffer's 1 MiB + 4 KiB, kept
    // for the smaller and empty sums after it; the Double buffer twice as large grows it once more.
    let (page, large) = (4096, 1_052_672)
    for rank in 0..<ranks {
        let seen = lines[rank] ?? [:]
        #expect(
            seen["lentFloat"]
                == [page, page, large, large, large, large, large].map { "exact:\($0)" }.joined(separator: ","))
        #expect(seen["lentDouble"] == ["exact:\(large)", "exact:2101248", "exact:2101248"].joined(separator: ","))
    }
}

@Test func sharedMemoryCanBeTurnedOffAndTheSumsGoByMessages() async throws {
    let (outcome, lines) = try await fixture("lentSums", environment: ["AIRS_MPI_SHARED_MEMORY": "0"])
    #expect(outcome.status == 0 && !outcome.timedOut, "\(outcome.error)")
    for rank in 0..<2 {
        let seen = lines[rank] ?? [:]
        #expect(seen["lentFloat"] == Array(repeating: "exact:none", count: 7).joined(separator: ","))
        #expect(seen["lentDouble"] == Array(repeating: "exact:none", count: 3).joined(separator: ","))
    }
}

@Test func badArgumentsThrowTypedErrorsOnEveryRank() async throws {
    let (outcome, lines) = try await fixture("errors")
    #expect(outcome.status == 0 && !outcome.timedOut, "\(outcome.error)")
    for rank in 0..<2 {
        let seen = lines[rank] ?? [:]
        #expect(
            seen["countsError"]
                == "allGather on rank \(rank) of 2: counts [2] must have 2 entries "
                + "and entry \(rank) must be this rank's 2 bytes")
        #expect(seen["rootError"] == "broadcast from rank 2: the group has ranks 0 ..< 2")
        #expect(seen["barrier"] == "ok")
    }
}

@Test func abortOnOneRankEndsTheWholeJob() async throws {
    let (outcome, lines) = try await fixture("abort")
    #expect(!outcome.timedOut, "rank 0 was left waiting in the barrier")
    #expect(outcome.status != 0)
    #expect(outcome.error.contains("airs (rank 1 of 2): the fixture failed on purpose"), "\(outcome.error)")
    #expect(lines[0]?["barrier"] == nil)
}

@Test func launchIsReadFromTheEnvironment() throws {
    let alone = MPILaunch(environment: ["PATH": "/usr/bin"])
    #expect(!alone.isLaunched && alone.localRanks == 1)
    #expect(alone.threadsPerRank(cores: 2) == 2)
    // Without a launcher no MPI call is made: the group is the group of one.
    #expect(try alone.processGroup() is SingleProcessGroup)

    let openMPI = MPILaunch(environment: ["OMPI_COMM_WORLD_SIZE": "4", "OMPI_COMM_WORLD_LOCAL_SIZE": "2"])
    #expect(openMPI.isLaunched && openMPI.localRanks == 2)
    #expect(openMPI.threadsPerRank(cores: 8) == 4)
    #expect(openMPI.threadsPerRank(cores: 2) == 1)
    #expect(
        MPILaunch(environment: ["OMPI_COMM_WORLD_SIZE": "3", "OMPI_COMM_WORLD_LOCAL_SIZE": "3"]).threadsPerRank(
            cores: 2) == 1)
    #expect(MPILaunch(environment: ["PMIX_RANK": "0"]).isLaunched)
    #expect(MPILaunch(environment: ["PMI_SIZE": "2"]).threadsPerRank(cores: 2) == 2)
}

@Test func failedCallsNameTheCallAndTheErrorClass() {
    let error = MessagePassingError.callFailed(call: "MPI_Allreduce", errorClass: 15, message: "MPI_ERR_TRUNCATE")
    #expect(error.description.hasPrefix("MPI_Allreduce failed (MPI error class 15): MPI_ERR_TRUNCATE; check that"))
    #expect(
        MessagePassingError.messageTooLarge(call: "MPI_Bcast", bytes: 1 << 32).description
            == "MPI_Bcast: 4294967296 bytes exceed MPI's 32-bit counts (2 GiB); send smaller pieces")
}

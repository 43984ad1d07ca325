import TensorEngine

/// How this process was started: alone, or as one rank of a job that `mpirun` (or another
/// PMI/PMIx launcher) started. Read from the environment only, so that a process started
/// without a launcher never touches MPI.
public struct MPILaunch: Equatable, Sendable {
    /// Whether a launcher started this process as one rank of a job.
    public let isLaunched: Bool
    /// The ranks of this job on this machine (`OMPI_COMM_WORLD_LOCAL_SIZE`; 1 when unknown).
    public let localRanks: Int

    /// The launch the environment describes: `OMPI_COMM_WORLD_SIZE` (Open MPI's `mpirun`),
    /// `PMIX_RANK` (PMIx launchers such as `srun --mpi=pmix`) or `PMI_SIZE` (PMI-1/2 launchers).
    public init(environment: [String: String]) {
        isLaunched = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"].contains { environment[$0] != nil }
        localRanks = environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init).map { max($0, 1) } ?? 1
    }

    /// The kernel threads each rank uses by default: this machine's `cores` shared evenly by its
    /// ranks, at least one (all of them without a launcher).
    public func threadsPerRank(cores: Int) -> Int {
        max(1, cores / (isLaunched ? localRanks : 1))
    }

    /// The group of this job's ranks: `MPIProcessGroup.world()` under a launcher, otherwise the
    /// group of this process alone (MPI is then never initialised).
    public func processGroup() throws -> any ProcessGroup {
        isLaunched ? try MPIProcessGroup.world() : SingleProcessGroup()
    }
}

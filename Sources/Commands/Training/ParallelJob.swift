import Foundation
import MessagePassing
import TensorEngine
import Training

/// The processes one `train`, `resume` or `test` command runs in: this process alone, or the
/// ranks of an `mpirun` job (`MPILaunch` reads which from the environment; without a launcher
/// MPI is never initialised). Rank 0 alone reports.
struct ParallelJob {
    /// The ranks, or the group of this process alone.
    let group: any ProcessGroup

    /// What rank 0 prints to standard output; the other ranks stay silent so the job's output
    /// is that of one process.
    func reporter() -> TrainingReporter {
        group.isLeader ? .standardOutput() : TrainingReporter(progress: nil, lines: { _ in })
    }

    /// Ctrl-C stops a run at the next step boundary, resumable; under a job of several ranks so
    /// does SIGTERM, which is how `mpirun` passes Ctrl-C on to the ranks.
    func installInterrupt(_ name: String) {
        InterruptFlag.install()
        guard group.size > 1 else { return }
        InterruptFlag.installForTermination(
            notice: group.isLeader
                ? "airs \(name): Ctrl-C (SIGTERM from mpirun): stopping at the next step boundary; if mpirun's "
                    + "SIGKILL comes first, 'airs resume RUN_FOLDER' continues from the last checkpoint\n" : nil)
    }

    /// After a run, finished or stopped: what a step exchanged with the other ranks, in the
    /// run's log; with `profile`, every rank's step profile too, also printed. Every rank calls
    /// it (the profiles are gathered).
    func report(_ run: TrainingRun, profile: Bool) throws {
        let lines = profile ? try run.stepProfileReport() : run.profile.exchangeLine.map { [$0] } ?? []
        for line in lines {
            run.folder?.log(line)
            if profile, group.isLeader { print(line) }
        }
    }

    /// Writes a message on standard error (rank 0 only).
    func printError(_ text: String) {
        if group.isLeader { FrontDoor.printError(text) }
    }

    /// Joins the job, sets the kernel threads (`--threads`, or under a launcher this machine's
    /// cores shared by its ranks) and runs `body`, reporting its failure as `reportingFailures`
    /// does. Under a job of several ranks a failure on any rank ends the whole job
    /// (`MPIProcessGroup.abort`, which names the rank): the others would otherwise wait for it
    /// in their next collective forever.
    static func run(
        _ name: String, options: ParallelOptions, environment: [String: String] = ProcessInfo.processInfo.environment,
        _ body: (ParallelJob) throws -> Int32
    ) throws {
        try reportingFailures(of: name) {
            let launch = MPILaunch(environment: environment)
            if options.threads != nil || launch.isLaunched {
                Parallelism.setThreads(
                    options.threads ?? launch.threadsPerRank(cores: ProcessInfo.processInfo.activeProcessorCount))
            }
            let group = try launch.processGroup()
            guard let ranks = group as? MPIProcessGroup, ranks.size > 1 else {
                return try body(ParallelJob(group: group))
            }
            do {
                return try body(ParallelJob(group: group))
            } catch {
                ranks.abort("airs \(name): \(error)")
            }
        }
    }
}

import Foundation
import TestSupport
import Testing

/// A job of two ranks that ends before its last epoch, by a killed rank or by Ctrl-C on
/// `mpirun`, leaves a run that one process resumes (issue #17). Each run is set far too long to
/// finish (its stop comes whenever the signal takes effect, so no timing can let it end first)
/// and evaluates nothing; the resumed run is itself stopped by Ctrl-C a few steps later.
@Suite struct DataParallelStopTests {
    /// Epochs of 5 steps: thousands of steps, hours of a debug build.
    static let endlessEpochs = 1000

    /// The arguments of run `name`: the Vanilla config for `endlessEpochs` epochs.
    static func endless(_ name: String, _ overrides: [String]) throws -> [String] {
        try DataParallelRuns.arguments(
            "Vanilla/Vanilla_MobileNetV3_Small_32x32.yaml", name: name, epochs: endlessEpochs, overrides)
    }

    /// SIGKILL on rank 1 in the second epoch: the job ends naming the rank, and the state written
    /// at the end of the last whole epoch resumes on one process with the steps the two ranks
    /// took from there (`EXPERIMENT.REPRODUCIBLE`: one process trains what two ranks do).
    @Test func killingOneRankEndsTheJobAndTheLastCheckpointResumesOnOneRank() async throws {
        let folder = try DataParallelRuns.folder("killed")
        let (outcome, inSecondEpoch) = try await DataParallelRuns.strike(
            ranks: 2, try Self.endless("killed", ["EXPERIMENT.REPRODUCIBLE", "True"]),
            when: { DataParallelRuns.steps(folder).contains { $0["epoch"] ?? 0 >= 2 } },
            { job in
                let ranks = job.rankProcesses
                #expect(ranks.count == 2, "the ranks of mpirun: \(ranks)")
                if ranks.count == 2 { kill(ranks[1], SIGKILL) }
            }, timeout: 60)
        try #require(inSecondEpoch, "no step of the second epoch: \(outcome.error)")
        #expect(!outcome.timedOut, "the other rank was left waiting")
        #expect(outcome.status != 0)
        #expect(outcome.error.contains("rank 1") && outcome.error.contains("signal 9"), "\(outcome.error)")

        let killed = DataParallelRuns.steps(folder)
        let inLastEpoch = killed.filter { $0["epoch"] == killed.last?["epoch"] }.count
        let (resumed, stop) = try await DataParallelRuns.resumeOnOneProcess(folder, steps: inLastEpoch + 1)
        let start = try #require(
            resumed.output.firstMatch(of: /resuming MobileNetV3_Small \(NONE\) at epoch (\d+), step 0\b/),
            "\(resumed.output)")
        // The last epoch end the ranks wrote: the epoch they were killed in, or the next one when
        // the kill came between that end and the next step.
        let epoch = Int(start.1) ?? 0
        let lastLogged = Int(killed.last?["epoch"] ?? 0)
        #expect(epoch >= 2 && (epoch == lastLogged || epoch == lastLogged + 1), "resumed at \(epoch) of \(lastLogged)")
        let redone = killed.filter { $0["epoch"] == Double(epoch) }
        let again = Array(DataParallelRuns.steps(folder).dropFirst(killed.count))
        try #require(again.count >= redone.count)
        DataParallelRuns.expectSameSteps(redone, Array(again.prefix(redone.count)), "two ranks, then one resumed")
        #expect(stop > RunStop(epoch: epoch, step: 0, stepsPerEpoch: stop.stepsPerEpoch), "\(stop)")
    }

    /// Ctrl-C on `mpirun`. Open MPI 4.1.4 answers it by sending every rank SIGCONT at once,
    /// SIGTERM `odls_base_sigkill_timeout` seconds later (default 1) and SIGKILL as long again
    /// after that (`orte_odls_base_default_kill_local_procs` sleeps in between; measured with
    /// shell ranks: SIGTERM 1, 3, 4 and 10 s after the Ctrl-C). The ranks take SIGTERM as Ctrl-C,
    /// agree to stop at the next step boundary, rank 0 writes the resume state and the job says
    /// where it stopped; one process then resumes from exactly that step. The ranks then wait in
    /// `MPI_Finalize` for the sleeping `mpirun` until its SIGKILL, so the job always takes about
    /// twice the timeout. The timeout is 10 s: a step of this run takes about 1 s in a debug
    /// build on a loaded machine (load 4 to 5), so a step and the stop fit many times over. (The
    /// old test, a 20-step run, failed when the run ended before the SIGTERM came.)
    @Test func ctrlCOnMpirunStopsAtAStepThatResumesOnOneRank() async throws {
        let folder = try DataParallelRuns.folder("interrupted")
        let (outcome, trained) = try await DataParallelRuns.strike(
            ranks: 2, try Self.endless("interrupted", []), environment: ["OMPI_MCA_odls_base_sigkill_timeout": "10"],
            when: { !DataParallelRuns.steps(folder).isEmpty }, { kill($0.process.processIdentifier, SIGINT) },
            timeout: 120)
        try #require(trained, "no step was logged: \(outcome.error)")
        #expect(!outcome.timedOut)
        #expect(outcome.status != 0)
        let stop = try #require(RunStop(in: outcome.error, command: "train"), "\(outcome.error)")
        #expect(outcome.error.contains("continue with: airs resume \(folder.path)"), "\(outcome.error)")
        #expect(outcome.error.contains("airs train: Ctrl-C (SIGTERM from mpirun): stopping at the next step boundary"))
        DataParallelRuns.expectEveryStep(DataParallelRuns.steps(folder), upTo: stop)

        let (resumed, later) = try await DataParallelRuns.resumeOnOneProcess(folder, steps: 2)
        #expect(
            resumed.output.contains("resuming MobileNetV3_Small (NONE) at \(stop.resumePoint)"), "\(resumed.output)")
        #expect(later > stop, "\(later) after \(stop)")
        DataParallelRuns.expectEveryStep(DataParallelRuns.steps(folder), upTo: later)
    }
}

import Foundation
import TestSupport
import Testing

extension DataParallelRuns {
    /// `airs ARGUMENTS` as `ranks` ranks (nil: alone), started once the machine has the cores
    /// for it: when `condition` holds (within 240 s), `strike` is done to the job, which then
    /// has `timeout` seconds to end. What it printed, and whether `condition` held.
    static func strike(
        ranks: Int?, _ arguments: [String], environment: [String: String] = [:],
        when condition: @escaping @Sendable () -> Bool, _ strike: @escaping @Sendable (ChildJob) -> Void,
        timeout: TimeInterval
    ) async throws -> (ChildJob.Outcome, Bool) {
        let (airs, root) = (try airs(), try #require(root))
        return try await CoreBudget.machine.lending(ranks ?? 1) {
            let job = try ChildJob(
                ranks: ranks, executable: airs, arguments: arguments, in: root, environment: environment)
            let held = try await job.poll(until: condition, timeout: 240)
            if job.process.isRunning { strike(job) }
            return (try await job.wait(timeout: timeout), held)
        }
    }

    /// `airs resume FOLDER` on one process, stopped by Ctrl-C (SIGINT) once it has logged
    /// `wanted` steps of its own: what it printed and where it said it stopped.
    static func resumeOnOneProcess(_ folder: URL, steps wanted: Int) async throws -> (ChildJob.Outcome, RunStop) {
        let logged = steps(folder).count
        let (outcome, trained) = try await strike(
            ranks: nil, ["resume", folder.path, "--threads", "1"], when: { steps(folder).count >= logged + wanted },
            { kill($0.process.processIdentifier, SIGINT) }, timeout: 120)
        try #require(trained, "airs resume did not log \(wanted) steps: \(outcome.error)")
        #expect(!outcome.timedOut && outcome.status != 0)
        let stop = try #require(RunStop(in: outcome.error, command: "resume"), "\(outcome.error)")
        return (outcome, stop)
    }
}

import ArgumentParser
import Foundation
import TensorEngine
import Testing

@testable import Commands

@Test func threadsAreAnOptionOfTrainResumeAndTest() throws {
    let train = try AIRS.parseAsRoot(["train", "--cfg", "c.yaml", "--threads", "1", "SOLVER.MAX_EPOCHS", "2"])
    #expect((train as? TrainCommand)?.parallel.threads == 1)
    #expect((train as? TrainCommand)?.overrides.pairs == ["SOLVER.MAX_EPOCHS", "2"])
    #expect((try AIRS.parseAsRoot(["resume", "run", "--threads", "3"]) as? ResumeCommand)?.parallel.threads == 3)
    #expect((try AIRS.parseAsRoot(["test", "--cfg", "c", "--weights", "w"]) as? TestCommand)?.parallel.threads == nil)
    #expect(FrontDoor.run(["train", "--cfg", "c.yaml", "--threads", "0"]) == 2)
}

@Test func withoutALauncherTheJobIsThisProcessAlone() throws {
    let before = Parallelism.threads
    var seen: (any ProcessGroup)?
    try ParallelJob.run("train", options: try ParallelOptions.parse([]), environment: [:]) { job in
        seen = job.group
        return 0
    }
    #expect(seen is SingleProcessGroup)
    // Without --threads and without mpirun the thread count is left as it was.
    #expect(Parallelism.threads == before)
    #expect(throws: ExitCode.failure) {
        try ParallelJob.run("train", options: try ParallelOptions.parse([]), environment: [:]) { _ in
            throw CocoaError(.fileNoSuchFile)
        }
    }
}

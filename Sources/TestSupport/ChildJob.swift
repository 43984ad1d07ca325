import Foundation

/// An executable of this package, built beside the test bundle (`swift build --build-tests`
/// builds every product and fixture there).
public func builtExecutable(_ name: String) -> URL {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = bundle.deletingLastPathComponent()
    // On macOS the test bundle is a directory tree (`X.xctest/Contents/MacOS/X`).
    while folder.pathExtension == "xctest" || folder.lastPathComponent == "MacOS"
        || folder.lastPathComponent == "Contents"
    {
        folder.deleteLastPathComponent()
    }
    return folder.appendingPathComponent(name)
}

/// An executable run as a child process, alone or as the ranks of `mpirun --oversubscribe -np N`
/// (Debian's `openmpi-bin`), its standard output and error captured in files so that neither can
/// fill a pipe and stall it.
public final class ChildJob {
    /// The exit status and what the job printed.
    public struct Outcome: Sendable {
        /// The exit status (under `mpirun`: non-zero when any rank failed or aborted).
        public var status: Int32
        /// Every rank's standard output, interleaved.
        public var output: String
        /// Every rank's standard error and `mpirun`'s own messages.
        public var error: String
        /// Whether the job was still running at the deadline (it was then killed).
        public var timedOut: Bool
    }

    /// The running child (`mpirun` for a job of ranks).
    public let process = Process()
    private let outputFile: URL
    private let errorFile: URL

    /// Starts `executable arguments` in `directory`: under `mpirun` as `ranks` ranks, or alone
    /// when `ranks` is nil. As root, Open MPI refuses to run unless two variables allow it; they
    /// are set for this child only.
    public init(
        ranks: Int?, executable: URL, arguments: [String], in directory: URL, environment: [String: String] = [:]
    ) throws {
        outputFile = directory.appendingPathComponent("job-\(UUID().uuidString).out")
        errorFile = directory.appendingPathComponent("job-\(UUID().uuidString).err")
        try Data().write(to: outputFile)
        try Data().write(to: errorFile)
        var variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if getuid() == 0 {
            variables["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
            variables["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        }
        if let ranks {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["mpirun", "--oversubscribe", "-np", "\(ranks)", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory
        process.environment = variables
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        // Test runners block SIGINT, and a spawned child inherits the mask: `mpirun` would then
        // never see the Ctrl-C a test sends it.
        var interrupts = sigset_t()
        sigemptyset(&interrupts)
        sigaddset(&interrupts, SIGINT)
        sigaddset(&interrupts, SIGTERM)
        var previous = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &interrupts, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try process.run()
    }

    /// Whether `mpirun` is on the PATH.
    public static var mpirunIsAvailable: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/mpirun")
        }
    }

    /// Runs `executable` (as `ranks` ranks, or alone) to its end (killed after `timeout` seconds) and returns what it printed.
    public static func run(
        ranks: Int?, executable: URL, arguments: [String], in directory: URL, environment: [String: String] = [:],
        timeout: TimeInterval = 300
    ) async throws -> Outcome {
        try await ChildJob(
            ranks: ranks, executable: executable, arguments: arguments, in: directory, environment: environment
        )
        .wait(timeout: timeout)
    }

    /// The process ids of the ranks: `mpirun`'s children on this machine.
    public var rankProcesses: [Int32] {
        let pid = process.processIdentifier
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").compactMap { Int32($0) }
    }

    /// Polls every 50 ms until `condition` holds, the job ends or `timeout` seconds pass, and
    /// says whether `condition` held. The test runner runs only as many tests at once as the
    /// machine has cores; sleeping in a task, not a thread, leaves the core to another test
    /// while the job computes.
    @discardableResult
    public func poll(until condition: () -> Bool, timeout: TimeInterval) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            guard process.isRunning, Date() < deadline else { return false }
            try await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    /// Waits for the job to end (killing it after `timeout` seconds) and returns what it printed.
    public func wait(timeout: TimeInterval = 300) async throws -> Outcome {
        try await poll(until: { !process.isRunning }, timeout: timeout)
        let timedOut = process.isRunning
        if timedOut {
            process.terminate()
            process.waitUntilExit()
        }
        return Outcome(
            status: process.terminationStatus,
            output: try String(contentsOf: outputFile, encoding: .utf8),
            error: try String(contentsOf: errorFile, encoding: .utf8), timedOut: timedOut)
    }
}

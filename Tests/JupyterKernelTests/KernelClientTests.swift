import Foundation
import Testing

/// The package root, the built `airs` and the Jupyter client's Python.
private enum ClientEnvironment {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `$AIRS_BINARY`, or `.build/debug/airs`.
    static var airs: String {
        ProcessInfo.processInfo.environment["AIRS_BINARY"]
            ?? root.appendingPathComponent(".build/debug/airs").path
    }

    /// `$AIRS_JUPYTER_PYTHON`, or the venv `Scripts/jupyter-test-env.sh` makes.
    static var python: String {
        ProcessInfo.processInfo.environment["AIRS_JUPYTER_PYTHON"]
            ?? root.appendingPathComponent(".build/jupyter-venv/bin/python").path
    }

    static let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Driver/kernel_driver.py").path

    /// Whether that Python imports the client's packages (a half-made venv does not).
    static var hasClient: Bool {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = ["-c", "import jupyter_client, nbclient, nbformat"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }
}

/// jupyter_client and nbclient start `airs kernel` from its kernelspec and run a notebook of 13
/// cells, completion, inspection, an interrupted epoch and loop, :save and :load, a forged
/// message and a shutdown (Driver/kernel_driver.py lists every check). Skips, saying why,
/// without the client's venv.
@Test func realJupyterClientsRunANotebookOnTheKernel() throws {
    guard ClientEnvironment.hasClient else {
        print(
            "skipped: no jupyter_client, nbclient and nbformat at \(ClientEnvironment.python);"
                + " Scripts/jupyter-test-env.sh installs them (it needs network)")
        return
    }
    let work = FileManager.default.temporaryDirectory.appendingPathComponent(
        "airs-jupyter-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ClientEnvironment.python)
    process.arguments = [ClientEnvironment.driver, ClientEnvironment.airs, work.path]
    process.currentDirectoryURL = work
    var environment = ProcessInfo.processInfo.environment
    // Jupyter's own folders (runtime files, a user's kernelspecs) stay inside the scratch folder.
    for (name, folder) in [
        ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTER_DATA_DIR", "data-dir"),
        ("JUPYTER_CONFIG_DIR", "config"),
    ] {
        environment[name] = work.appendingPathComponent(folder).path
    }
    environment["AIRS_SESSIONS_DIR"] = work.appendingPathComponent("Sessions").path
    process.environment = environment
    // A file, not a pipe: a kernel outliving a failed driver must not keep the test waiting.
    let log = work.appendingPathComponent("driver.log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let output = try FileHandle(forWritingTo: log)
    process.standardOutput = output
    process.standardError = output
    try process.run()
    process.waitUntilExit()
    try output.close()
    let text = try String(contentsOf: log, encoding: .utf8)
    print(text)
    #expect(process.terminationStatus == 0, "the driver failed:\n\(text)")
    #expect(text.contains("all checks passed"))
}

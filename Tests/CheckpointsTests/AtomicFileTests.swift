import Foundation
import Testing

@testable import Checkpoints

/// The `CheckpointWriterFixture` executable, built beside the test bundle.
private let writerFixture: URL = {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = bundle.deletingLastPathComponent()
    // On macOS the test bundle is a directory tree (`X.xctest/Contents/MacOS/X`).
    while folder.pathExtension == "xctest" || folder.lastPathComponent == "MacOS"
        || folder.lastPathComponent == "Contents"
    {
        folder.deleteLastPathComponent()
    }
    return folder.appendingPathComponent("CheckpointWriterFixture")
}()

@Test func atomicWriteReplacesAndLeavesNoTemporaryFile() throws {
    let folder = try TestFiles.scratchDirectory()
    let url = folder.appendingPathComponent("session.json")
    try AtomicFile.write(Array("first".utf8), to: url)
    try AtomicFile.write(Data("second".utf8), to: url)
    #expect(try String(contentsOf: url, encoding: .utf8) == "second")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["session.json"])
    // A temporary file of a live writer (this process) is not stale.
    let live = folder.appendingPathComponent(".session.json.tmp-\(getpid())-1")
    try Data().write(to: live)
    #expect(AtomicFile.removeStaleTemporaryFiles(for: url).isEmpty)
    let error = TestFiles.error { try AtomicFile.write([1], to: URL(fileURLWithPath: "/nonexistent-folder/x.bin")) }
    #expect(error?.description.hasPrefix("/nonexistent-folder/x.bin: cannot write the file") == true)
}

// No `.timeLimit`: under `swift test --parallel` the clock starts when the test is scheduled, and
// it can wait minutes for one of the two cooperative threads while longer tests hold them.
@Test func writerKilledMidWriteLeavesPreviousCheckpointIntact() throws {
    #expect(
        FileManager.default.isExecutableFile(atPath: writerFixture.path),
        "missing \(writerFixture.path); build all targets with `swift build --build-tests`")
    let folder = try TestFiles.scratchDirectory()
    let url = folder.appendingPathComponent("run.safetensors")
    var killedMidWrite = 0
    for round in 0..<3 {
        let writer = Process()
        writer.executableURL = writerFixture
        writer.arguments = [url.path, "1"]
        let output = Pipe()
        writer.standardOutput = output
        try writer.run()
        let ready = output.fileHandleForReading.availableData
        #expect(String(decoding: ready, as: UTF8.self).hasPrefix("ready"), "writer did not start (round \(round))")
        // Let it overwrite the file several times, at a different moment each round, then strike
        // as soon as a temporary file shows that a write is in progress.
        Thread.sleep(forTimeInterval: 0.1 + 0.07 * Double(round))
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline,
            !(try FileManager.default.contentsOfDirectory(atPath: folder.path).contains { $0.contains(".tmp-") })
        {}
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        #expect(writer.terminationReason == .uncaughtSignal)

        let checkpoint = try SafeTensorsFormat.read(from: url)
        let epoch = try #require(checkpoint.epoch)
        #expect(epoch == 1 || epoch == 2)
        let weight = try #require(checkpoint.tensors["weight"])
        #expect(weight.count == 1 << 18)
        #expect(weight.element(at: weight.count - 1) == Double(epoch))

        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp-") }
        if !leftovers.isEmpty { killedMidWrite += 1 }
        #expect(AtomicFile.removeStaleTemporaryFiles(for: url).sorted() == leftovers.sorted())
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["run.safetensors"])
    }
    // Kills are aimed at moments when a temporary file exists, so most land mid-write.
    #expect(killedMidWrite > 0)
}

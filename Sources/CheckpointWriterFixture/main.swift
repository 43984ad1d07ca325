// Test helper for the kill-during-write test (Tests/CheckpointsTests/AtomicFileTests.swift):
// writes two alternating versions of a checkpoint to one path, atomically, forever, so the test
// can SIGKILL it at an arbitrary moment and check that the file on disk is still a complete,
// checksum-valid version. Prints "ready" once the first version is on disk.
//
//   CheckpointWriterFixture PATH MEGABYTES
import Checkpoints
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3, let megabytes = Int(arguments[2]), megabytes > 0 else {
    FileHandle.standardError.write(Data("usage: CheckpointWriterFixture PATH MEGABYTES\n".utf8))
    exit(2)
}
let url = URL(fileURLWithPath: arguments[1])
let elements = megabytes << 18

/// Version `epoch` of the checkpoint: every element equals `epoch`.
func version(_ epoch: Int) throws -> [UInt8] {
    let data = [Float](repeating: Float(epoch), count: elements).withUnsafeBytes { Array($0) }
    let tensor = try StoredTensor(dtype: .float32, shape: [elements], bytes: data)
    return SafeTensorsFormat.encode(try StateDictionary([("weight", tensor)]), metadata: ["epoch": String(epoch)])
}

do {
    let versions = [try version(1), try version(2)]
    try AtomicFile.write(versions[0], to: url)
    FileHandle.standardOutput.write(Data("ready\n".utf8))
    var next = 1
    while true {
        try AtomicFile.write(versions[next], to: url)
        next = 1 - next
    }
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}

import Checkpoints
import Commands
import Foundation
import Testing

/// `airs inspect A B --diff` exits as `diff` and `cmp` do: 0 identical, 1 different, 2 on an
/// error (an unreadable file), whatever the order of the arguments.
@Test func inspectDiffExitsZeroWhenIdenticalOneWhenDifferentTwoOnAnError() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "airs-inspect-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var first = StateDictionary()
    first["w"] = try StoredTensor(integers: [1, 2], shape: [2])
    first["b"] = try StoredTensor(integers: [0], shape: [1])
    var second = first
    second["w"] = try StoredTensor(integers: [1, 3], shape: [2])
    let a = folder.appendingPathComponent("a.safetensors").path
    let b = folder.appendingPathComponent("b.safetensors").path
    try SafeTensorsFormat.write(first, to: URL(fileURLWithPath: a))
    try SafeTensorsFormat.write(second, to: URL(fileURLWithPath: b))
    #expect(FrontDoor.run(["inspect", a, a, "--diff"]) == 0)
    #expect(FrontDoor.run(["inspect", "--diff", a, b]) == 1)
    #expect(FrontDoor.run(["inspect", a, b, "--diff", "--tolerance", "1"]) == 0)
    #expect(
        FrontDoor.run([
            "inspect", a, folder.appendingPathComponent("none.safetensors").path, "--diff",
        ]) == 2)
    #expect(FrontDoor.run(["inspect", a, "--diff"]) == 2, "a usage error")
}

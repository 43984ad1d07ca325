import Foundation
import ScriptLanguage
import Testing

private func scratchDirectory() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("airs-ckpt-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

@Test func exportThenLoadAndInspectRoundTripsATensor() throws {
    let dir = try scratchDirectory()
    let harness = ScriptHarness()
    #expect(harness.run("export(tensor([[1, 2, 3], [4, 5, 6]]), \"\(dir)/x.npy\")").error == nil)
    #expect(harness.show("load(\"\(dir)/x.npy\").tolist()") == "[[1, 2, 3], [4, 5, 6]]")
    #expect(
        harness.show("r = inspect(\"\(dir)/x.npy\")\n[r.format, r.elements, r.tensors[0].shape, r.tensors[0].max]")
            == "[\"numpy\", 6, [2, 3], 6]")
    #expect(harness.show("str(inspect(\"\(dir)/x.npy\"))").contains("elements"))
}

@Test func diffReportsEqualAndDifferingFiles() throws {
    // A .npy file's one tensor is named after the file, so both sides use the same name.
    let a = try scratchDirectory() + "/w.npy"
    let b = try scratchDirectory() + "/w.npy"
    let harness = ScriptHarness()
    harness.run(
        """
        export(tensor([1, 2, 3]), "\(a)")
        export(tensor([1, 2, 4]), "\(b)")
        """)
    #expect(harness.show("diff(\"\(a)\", \"\(a)\").same") == "true")
    #expect(harness.show("d = diff(\"\(a)\", \"\(b)\")\n[d.same, d.differing]") == "[false, [\"w\"]]")
    #expect(harness.show("diff(\"\(a)\", \"\(b)\", tolerance: 2).same") == "true")
}

@Test func unreadableCheckpointKeepsTheFileInTheMessage() throws {
    let harness = ScriptHarness()
    let result = harness.run("inspect(\"/nonexistent/weights.safetensors\")")
    let error = try #require(result.error)
    #expect(error.kind == .host)
    #expect(error.message.contains("/nonexistent/weights.safetensors"))
    #expect(harness.run("export(\"text\", \"/tmp/never.npy\")").error != nil)
}

import Foundation
import ScriptLanguage
import Testing

@Test func syntheticWritesTheCUBLayoutAndSummarises() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("airs-syn-\(UUID().uuidString)").path
    let harness = ScriptHarness()
    let shown = harness.show(
        "s = synthetic(\"\(dir)\", classes: 4, per_class: 2, size: 24, seed: 3)\n[s.train_images, s.test_classes]")
    #expect(shown == "[4, 2]")
    let train = try FileManager.default.contentsOfDirectory(atPath: dir + "/train")
    #expect(train.count == 4)
    #expect(train.allSatisfy { $0.hasSuffix(".jpg") })
}

@Test func syntheticRejectsBadSettingsWithTheLimits() throws {
    let harness = ScriptHarness()
    let error = try #require(harness.run("synthetic(\"/tmp/airs-never\", classes: 1)").error)
    #expect(error.message.contains("classes"))
    let seedError = try #require(harness.run("synthetic(\"/tmp/airs-never\", seed: -1)").error)
    #expect(seedError.message.contains("seed"))
}

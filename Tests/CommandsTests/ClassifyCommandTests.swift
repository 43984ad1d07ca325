import Foundation
import TestSupport
import Testing

@testable import Commands

/// The message `airs classify ARGUMENTS` fails with.
private func failure(_ arguments: [String]) -> String {
    do {
        _ = try ClassifyCommand.parse(arguments).output()
        return "(no error)"
    } catch {
        return ClassifyCommand.message(for: error)
    }
}

private let coffee = goldenDirectory().appendingPathComponent("images/coffee.png").path

@Test func classifyRejectsAnUnknownModelListingTheValidNames() {
    let message = failure(["--model", "vgg16", "--weights", "/nonexistent.pth", coffee])
    #expect(message.contains("'vgg16'"))
    #expect(message.contains("MobileNetV2") && message.contains("ResNet50"))
    #expect(FrontDoor.run(["classify", "--model", "vgg16", "--weights", "/nonexistent.pth", coffee]) == 1)
}

@Test func classifyNamesAMissingWeightsFile() {
    let message = failure(["--model", "mobilenet_v2", "--weights", "/nonexistent/weights.pth", coffee])
    #expect(message.contains("/nonexistent/weights.pth"))
}

@Test func classifyNamesAMissingOrNonImageFile() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "airs-classify-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let text = folder.appendingPathComponent("notes.png")
    try Data("not an image".utf8).write(to: text)
    let notImage = failure(["--model", "mobilenet_v2", "--weights", "/nonexistent.pth", text.path])
    #expect(notImage.contains(text.path))
    let missing = folder.appendingPathComponent("absent.jpg").path
    #expect(failure(["--model", "mobilenet_v2", "--weights", "/nonexistent.pth", missing]).contains(missing))
}

@Test func classifyUsageErrors() {
    #expect(failure(["--weights", "w.pth", coffee]).contains("--model"))
    #expect(failure(["--model", "mobilenet_v2", "--weights", "w.pth"]).contains("<image>"))
    #expect(failure(["--model", "mobilenet_v2", "--weights", "w.pth", "--top", "0", coffee]).contains("--top"))
}

@Test(.enabled(if: PretrainedFiles.isAvailable, PretrainedFiles.skipReason))
func classifyTablePrintsRankIndexScoresAndName() throws {
    let classifier = try ImageClassifier(model: "MobileNetV2", weights: PretrainedFiles.weights)
    let predictions = try classifier.classify(URL(fileURLWithPath: coffee), top: 2)
    let lines = ClassifyCommand.table(predictions).split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(lines[1].hasPrefix("   1    967     0.99207"))
    #expect(lines[1].hasSuffix("espresso"))
}

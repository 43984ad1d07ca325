import Foundation
import Testing

@testable import Training

/// What `airs train` shows: piped, plain lines as they happen; on a terminal, a progress line
/// redrawn in place and left above each epoch's line.
@Suite struct TrainingReporterTests {
    final class Output {
        var text = ""
    }

    static func report(isTerminal: Bool) throws -> String {
        let run = try TrainingRun(
            config: Fixture.config([
                "OUTPUT_DIR.EXPERIMENT_NAME", "reporter-\(UUID().uuidString)", "SOLVER.MAX_EPOCHS", "2",
            ]))
        defer { run.folder.map { try? FileManager.default.removeItem(at: $0.url) } }
        let output = Output()
        let reporter = TrainingReporter(isTerminal: isTerminal) { output.text += $0 }
        try reporter.start(run)
        #expect(try run.run(untilEpoch: 2))
        try reporter.finish(run)
        return output.text
    }

    @Test func pipedOutputHasTheEpochLinesEvaluationsAndFinalTable() throws {
        let text = try Self.report(isTerminal: false)
        #expect(!text.contains("\r") && !text.contains("\u{1B}"), "\(text)")
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let expected = [
            "training MobileNetV3_Small (NONE) on CUB200", "The student base parameters:",
            "Epoch[1] Loss: ", "Evaluation after epoch 1: mAP ", "Epoch[2] Loss: ",
            "Evaluation after epoch 2: mAP ", "mAP", "The student base parameters:", "run folder: ",
        ]
        var index = 0
        for line in lines where index < expected.count && line.hasPrefix(expected[index]) {
            index += 1
        }
        let missing = expected[min(index, expected.count - 1)]
        #expect(index == expected.count, "in order: \(missing) missing from\n\(text)")
        let header = try #require(lines.first { $0.hasPrefix("mAP") })
        #expect(header.split(separator: " ") == ["mAP", "mINP", "R1", "R5", "R10"], "\(header)")
        #expect(
            text.contains("Evaluation after epoch 1: mAP ") && text.contains("mINP ")
                && text.contains("R10 "))
    }

    @Test func terminalOutputKeepsTheProgressLineAboveEachEpochLine() throws {
        let text = try Self.report(isTerminal: true)
        #expect(text.contains("\r\u{1B}[2Kepoch 1/2 "), "\(text)")
        // The bar at its last step, then the epoch's line on the next.
        for epoch in 1...2 {
            let pattern = #"2/2 [^\n]*\nEpoch\["# + "\(epoch)" + #"\] Loss: "#
            #expect(text.range(of: pattern, options: .regularExpression) != nil, "\(text)")
        }
    }
}

import Foundation
import Testing

@testable import Training

@Suite struct RunReportTests {
    @Test func macsAreWrittenAsPtflopsDoes() {
        #expect(TrainingRun.macsText(999_310_000) == "999.31 MMac")
        #expect(TrainingRun.macsText(1_820_000_000) == "1.82 GMac")
        #expect(TrainingRun.macsText(36_900) == "36.90 KMac")
        #expect(TrainingRun.macsText(12) == "12 Mac")
    }

    @Test func startAndEndReportsGiveParametersMACsAndTimePerBatch() throws {
        let run = try TrainingRun(config: Fixture.config(["OUTPUT_DIR.EXPERIMENT_NAME", "report"]))
        let complexity = try run.studentComplexity()
        #expect(complexity.parametersWithoutClassifier > 0 && complexity.macs > 0)
        let start = try run.startReport()
        let base = String(format: "%.3f", Double(complexity.parametersWithoutClassifier) / 1e6)
        #expect(
            start.hasPrefix(
                "The student base parameters: \(base) M, Extra parameters of NONE: 0.000 M, and base flops: "),
            "\(start)")
        #expect(start.contains(TrainingRun.macsText(complexity.macs)))

        #expect(try run.run(untilEpoch: 1))
        let end = try run.endReport()
        #expect(
            end.hasPrefix(start) && end.contains("Time/Batch: ")
                && end.contains("over \(run.history.steps.count) steps"), "\(end)")
        let folder = try #require(run.folder).url
        let speed = try String(contentsOf: folder.appendingPathComponent("inference_speed.txt"), encoding: .utf8)
        let lines = speed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 5)
        #expect(
            lines[0] == "Base Parameters: " + String(repeating: " ", count: 13)
                + "  \(String(format: "%.2f", Double(complexity.parametersWithoutClassifier) / 1e6)) M")
        #expect(lines[1] == "Extra Parameters: " + String(repeating: " ", count: 12) + "  0.00 M")
        #expect(lines[2].hasPrefix("Base FLOPs: " + String(repeating: " ", count: 18) + "  "))
        #expect(lines[3] == "-----------------")
        let log = try String(contentsOf: folder.appendingPathComponent("train_log.txt"), encoding: .utf8)
        #expect(log.contains(start) && log.contains(end))
    }

    @Test func ugdCountsItsProjectorsAsExtraParameters() throws {
        let teacher = try #require(TeacherFixture.teacher)
        let run = try TrainingRun(
            config: Fixture.config([
                "DISTILLER.TYPE", "UGD", "SOLVER.TRAINER", "kd",
                "DISTILLER.TEACHER_MODEL_PATH", teacher.path,
            ]), writeFolder: false)
        #expect(run.extraParameterCount > 0)
        #expect(try !run.startReport().contains("Extra parameters of UGD: 0.000 M"))
    }
}
